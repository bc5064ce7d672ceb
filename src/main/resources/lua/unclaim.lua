-- An order that could not commit hands its hold back: CLAIMED -> HELD with the hold's own expiry.
-- KEYS: exp, hold    ARGV: holdId
local expiry, hold = KEYS[1], KEYS[2]
local hold_id = ARGV[1]
local h = redis.call('HMGET', hold, 'state', 'heldUntil')
if h[1] ~= 'CLAIMED' then return 0 end
redis.call('HSET', hold, 'state', 'HELD', 'expires', h[2])
redis.call('ZADD', expiry, tonumber(h[2]), hold_id)
return 1
