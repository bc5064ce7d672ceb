-- One page of the public event listing, stored under the current listing generation: one INCR of the generation
-- invalidates every page. Page keys share the generation's hash tag, so they live in its cluster slot.
-- KEYS: generation    ARGV: page key prefix, page id
-- Answers {generation, page json or nil}.
local gen = redis.call('GET', KEYS[1]) or '0'
return { gen, redis.call('GET', ARGV[1] .. gen .. ':' .. ARGV[2]) }
