-- One page of the public event listing, valid only under the current listing generation: one INCR of the generation
-- invalidates every page. A page is a hash {gen, json}; all listing keys share the {events} hash tag (one slot).
-- KEYS: generation, page
-- Answers {generation, page json or nil}.
local generation, page = KEYS[1], KEYS[2]
local gen = redis.call('GET', generation) or '0'
local stored = redis.call('HMGET', page, 'gen', 'json')
if stored[1] ~= gen then
  return { gen, false }
end
return { gen, stored[2] }
