-- Puts refunded places back on sale, once per order (the marker key records it for a day).
-- KEYS: meta, seats, ga, marker    ARGV: channel, section ('' for seats), count, seat index...
local meta, seats, ga, marker = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, section, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
if not redis.call('SET', marker, '1', 'NX', 'PX', 86400000) then return { 'DUPLICATE' } end
local changes, areas, freed = {}, {}, {}
for i = 4, #ARGV do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) == SOLD then
    redis.call('SETRANGE', seats, index, FREE)
    append(freed, index)
  end
end
if #freed > 0 then changes[FREE] = freed end
if section ~= '' then
  redis.call('HINCRBY', ga, section .. ':sold', -count)
  areas[section] = redis.call('HINCRBY', ga, section, count)
end
return { 'OK', publish_change(meta, channel, changes, areas) }
