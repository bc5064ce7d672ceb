-- Stores an event's public view, unless the event changed since the reader looked (its generation moved on):
-- a reader that loaded the row before a write must not put the old view back after the write's invalidation.
-- KEYS: view (hash: gen, one field per view shape)    ARGV: generation the reader saw ('' = none), field, json, ttl ms
local view, seen, field, json, ttl = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if (redis.call('HGET', view, 'gen') or '') ~= seen then
  return 0
end
redis.call('HSET', view, field, json)
redis.call('PEXPIRE', view, ttl)
return 1
