-- Stores a listing page under the generation the reader saw, unless the generation moved on meanwhile or this
-- generation already stored its quota of pages in the current window (a bound on distinct queries: Redis runs
-- with noeviction, so random search strings must not fill it).
-- KEYS: generation    ARGV: page key prefix, generation seen, page id, json, ttl ms, max pages
local prefix, seen, page, json, ttl, max = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local gen = redis.call('GET', KEYS[1]) or '0'
if gen ~= seen then
  return 0
end
local count = prefix .. gen .. ':n'
local stored = redis.call('INCR', count)
if stored == 1 then
  redis.call('PEXPIRE', count, ttl)
end
if stored > max then
  return -1
end
redis.call('SET', prefix .. gen .. ':' .. page, json, 'PX', ttl)
return 1
