-- One consistent read of an event's seat state, its version and its sales window, with the time of the read (the
-- clock the hold script decides by).
-- KEYS: meta, seats, ga
-- Answers {'OK', version, status, seats, {ga field, value, ...}, salesStart, salesEnd, now} | {'NOT_LOADED'}
local m = redis.call('HMGET', KEYS[1], 'ver', 'status', 'salesStart', 'salesEnd')
if not m[1] or not m[4] then return { 'NOT_LOADED' } end
return { 'OK', m[1], m[2], redis.call('GET', KEYS[2]) or '', redis.call('HGETALL', KEYS[3]), m[3], m[4], now_ms() }
