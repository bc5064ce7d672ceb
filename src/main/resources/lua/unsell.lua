-- Puts refunded places back on sale, once per order (the marker key records it for a day).
-- The buyer's places no longer count against the per-user cap.
-- KEYS: meta, seats, ga, marker, users    ARGV: channel, section ('' for seats), count (GA), buyer, seat index...
local meta, seats, ga, marker, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, section, count, buyer = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local FIRST_SEAT = 5
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
if not redis.call('SET', marker, '1', 'NX', 'PX', 86400000) then return { 'DUPLICATE' } end
local changes, areas, freed = {}, {}, {}
for i = FIRST_SEAT, #ARGV do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) == SOLD then
    redis.call('SETRANGE', seats, index, FREE)
    append(freed, index)
  end
end
if #freed > 0 then changes[FREE] = freed end
if buyer ~= '' then count_places(users, buyer, -(count + #ARGV - FIRST_SEAT + 1)) end
if section ~= '' then
  redis.call('HINCRBY', ga, section .. ':sold', -count)
  areas[section] = redis.call('HINCRBY', ga, section, count)
end
return { 'OK', publish_change(meta, channel, changes, areas) }
