-- Builds an event's waiting list in Redis from PostgreSQL (the durable record), once per seat state: the meta field
-- 'wl' says it is built, and a rebuild of the seat state (init.lua) starts a meta without it. Also writes the
-- layout's rows and the offer settings.
-- KEYS: meta, wl, wl:e, wl:spare, rows
-- ARGV: rows value, offer ttl (ms), max passes, then (entryId, position, 'user|quantity|section|together|passes')...
-- Answers {'OK'} | {'EXISTS'} | {'NOT_LOADED'}.
local meta, wl, entries, spare, rows = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
if redis.call('HGET', meta, 'wl') == '1' then
  redis.call('HSET', meta, 'wlTtl', ARGV[2], 'wlPasses', ARGV[3])
  return { 'EXISTS' }
end
redis.call('DEL', wl, entries, spare)
redis.call('SET', rows, ARGV[1])
for i = 4, #ARGV, 3 do
  redis.call('ZADD', wl, tonumber(ARGV[i + 1]), ARGV[i])
  redis.call('HSET', entries, ARGV[i], ARGV[i + 2])
end
redis.call('HSET', meta, 'wl', '1', 'wlTtl', ARGV[2], 'wlPasses', ARGV[3])
return { 'OK' }
