-- Puts an entry on the event's waiting list, unless the places it asks for are on sale right now.
-- KEYS: meta, seats, ga, wl, wl:e, rows
-- ARGV: entryId, position, userId, quantity, section ('' for any), together ('1' | '0')
-- Answers {'OK'} | {'AVAILABLE'} | {'NOT_ON_SALE', status} | {'NOT_LOADED'} (the event's state or its waiting list
-- must be built first: wl_build.lua).
local meta, seats, ga, wl, entries, rows = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local entry, position, user, quantity, section, together = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5],
  ARGV[6] == '1'
local m = redis.call('HMGET', meta, 'status', 'salesStart', 'salesEnd', 'wl')
if not m[1] or not m[3] or m[4] ~= '1' then return { 'NOT_LOADED' } end
local now = now_ms()
if m[1] ~= 'ON_SALE' or now < tonumber(m[2]) or now >= tonumber(m[3]) then return { 'NOT_ON_SALE', m[1] } end
if redis.call('ZSCORE', wl, entry) then return { 'OK' } end
if wl_on_sale(seats, ga, redis.call('GET', rows), quantity, section, together) then return { 'AVAILABLE' } end
redis.call('ZADD', wl, tonumber(position), entry)
redis.call('HSET', entries, entry, wl_encode({ user = user, qty = quantity, section = section, together = together,
  passes = 0 }))
return { 'OK' }
