-- A shopper's entry in an event's waiting room: joins it (op 'join', idempotent) or reads it (op 'status').
-- KEYS: meta, seats, ga, exp, wr, wr:q, wr:active, wr:fresh, wr:gone (see EventKeys.roomState)
-- ARGV: op, userId, draw (a random number in [0, 1): the rank of a join before sales start, hidden until then)
-- Answers {'ADMITTED', sessionEnd} | {'WAITING', position (0 before the draw), waiting, salesStart, rate, measured}
-- | {'SOLD_OUT'} | {'EXPIRED', why} | {'OPEN'} (the room was switched off) | {'CLOSED', eventStatus}
-- | {'ENDED', salesEnd} | {'NOT_FOUND'} | {'NOT_LOADED'} | {'NO_ROOM'} | {'NOT_OPEN', opensAt}
local meta, seats, ga, expiry, room, queue, admitted, fresh, gone = unpack(KEYS)
local op, user, draw = ARGV[1], ARGV[2], ARGV[3]
local rules = redis.call('HMGET', meta, 'status', 'salesStart', 'salesEnd')
if not rules[1] or not rules[3] then return { 'NOT_LOADED' } end
local settings = redis.call('HMGET', room, 'enabled', 'opensAt', 'rate', 'measured')
local now, sales_start = now_ms(), tonumber(rules[2])
-- after the sales end nobody joins and nobody shops; entries are kept, should the owner move the end later
local ended = now >= tonumber(rules[3])

local session_end = redis.call('ZSCORE', admitted, user)
if session_end then
  if tonumber(session_end) > now then
    -- a shopper admitted before the event was cancelled (or unpublished) shops no more
    if rules[1] ~= 'ON_SALE' then return { 'CLOSED', rules[1] } end
    if ended then return { 'ENDED', rules[3] } end
    return { 'ADMITTED', session_end }
  end
  leave_room(admitted, fresh, gone, user, 'SESSION_ENDED')
end
local rank = redis.call('ZRANK', queue, user)
if not rank and op == 'join' then
  if settings[1] ~= '1' then return { 'NO_ROOM' } end
  if rules[1] ~= 'ON_SALE' then return { 'CLOSED', rules[1] } end
  if ended then return { 'ENDED', rules[3] } end
  if now < tonumber(settings[2]) then return { 'NOT_OPEN', settings[2] } end
  -- before sales start everyone draws a random rank (a shuffle at the start); afterwards it is first come
  local score = now < sales_start and draw or 1 + redis.call('HINCRBY', room, 'seq', 1)
  redis.call('ZADD', queue, score, user)
  redis.call('HDEL', gone, user)
  rank = redis.call('ZRANK', queue, user)
end
if not rank then
  local why = redis.call('HGET', gone, user)
  if why then return { 'EXPIRED', why } end
  return { 'NOT_FOUND' }
end
if rules[1] ~= 'ON_SALE' then return { 'CLOSED', rules[1] } end
if ended then return { 'ENDED', rules[3] } end
if settings[1] ~= '1' then return { 'OPEN' } end
-- sold out: nothing on sale and no hold that could still come back
if available_places(seats, ga) == 0 and redis.call('ZCARD', expiry) == 0 then return { 'SOLD_OUT' } end
local position = now < sales_start and 0 or rank + 1
return { 'WAITING', position, redis.call('ZCARD', queue), rules[2], settings[3], settings[4] or '' }
