-- Drops every stored shape of an event's public view and moves its generation on, so that puts by readers who
-- loaded the row before the write are refused (see cache_view_put.lua).
-- KEYS: view    ARGV: ttl ms (how long the generation is remembered)
local view, ttl = KEYS[1], ARGV[1]
local gen = redis.call('HINCRBY', view, 'gen', 1)
redis.call('DEL', view)
redis.call('HSET', view, 'gen', gen)
redis.call('PEXPIRE', view, ttl)
return gen
