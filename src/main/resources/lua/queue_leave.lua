-- A shopper leaves an event's waiting room: out of the queue, or out of their shopping session (the slot is free).
-- KEYS: meta, seats, ga, exp, wr, wr:q, wr:active, wr:fresh, wr:gone    ARGV: userId, why ('LEFT' | 'ORDER_PLACED')
-- Answers 1 when the shopper was waiting or admitted, else 0.
local _, _, _, _, _, queue, admitted, fresh, gone = unpack(KEYS)
local user, why = ARGV[1], ARGV[2]
if redis.call('ZREM', queue, user) + redis.call('ZREM', admitted, user) == 0 then return 0 end
leave_room(admitted, fresh, gone, user, why)
return 1
