-- Stores a listing page under the generation the reader saw, unless the generation moved on meanwhile or this
-- generation already stored its quota of pages in the current window (a bound on distinct queries: Redis runs
-- with noeviction, so random search strings must not fill it).
-- KEYS: generation, page (hash: gen, json), count (hash: gen, n)    ARGV: generation seen, json, ttl ms, max pages
local generation, page, count = KEYS[1], KEYS[2], KEYS[3]
local seen, json, ttl, max = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local gen = redis.call('GET', generation) or '0'
if gen ~= seen then
  return 0
end
if redis.call('HGET', count, 'gen') ~= gen then -- the first page of this generation starts a new window
  redis.call('DEL', count)
  redis.call('HSET', count, 'gen', gen)
  redis.call('PEXPIRE', count, ttl)
end
if redis.call('HINCRBY', count, 'n', 1) > max then
  return -1
end
redis.call('HSET', page, 'gen', gen, 'json', json)
redis.call('PEXPIRE', page, ttl)
return 1
