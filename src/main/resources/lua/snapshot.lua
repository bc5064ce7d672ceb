-- One consistent read of an event's seat state and its version.
-- KEYS: meta, seats, ga    Answers {'OK', version, status, seats, {ga field, value, ...}} | {'NOT_LOADED'}
local m = redis.call('HMGET', KEYS[1], 'ver', 'status')
if not m[1] then return { 'NOT_LOADED' } end
return { 'OK', m[1], m[2], redis.call('GET', KEYS[2]) or '', redis.call('HGETALL', KEYS[3]) }
