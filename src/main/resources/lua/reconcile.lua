-- Repairs an event's seat state in PostgreSQL's favour (the reconciliation job, seating/ReconcileJob), for differences
-- the job saw in two rounds in a row. Each repair applies only if Redis still shows what the job saw.
-- KEYS: meta, seats, ga
-- ARGV: channel, soldCount, freeCount, areaCount, seat index to mark SOLD x soldCount,
--       seat index to mark FREE (sold in Redis, not in PostgreSQL) x freeCount,
--       (section, sold as Redis showed it, sold in PostgreSQL) x areaCount
-- Answers {'OK', places repaired} | {'NOT_LOADED'}.
local meta, seats, ga = KEYS[1], KEYS[2], KEYS[3]
local channel = ARGV[1]
local sold_count, free_count, area_count = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
local first_free = 5 + sold_count
local first_area = first_free + free_count
local changes, areas, sold, freed, repaired = {}, {}, {}, {}, 0
for i = 5, first_free - 1 do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) ~= SOLD then
    redis.call('SETRANGE', seats, index, SOLD)
    append(sold, index)
  end
end
for i = first_free, first_area - 1 do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) == SOLD then
    redis.call('SETRANGE', seats, index, FREE)
    append(freed, index)
  end
end
if #sold > 0 then changes[SOLD] = sold end
if #freed > 0 then changes[FREE] = freed end
repaired = #sold + #freed
for i = first_area, first_area + 3 * (area_count - 1), 3 do
  local section, seen, truth = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  if tonumber(redis.call('HGET', ga, section .. ':sold') or '0') == seen and seen ~= truth then
    redis.call('HINCRBY', ga, section .. ':sold', truth - seen)
    areas[section] = redis.call('HINCRBY', ga, section, seen - truth)
    repaired = repaired + math.abs(truth - seen)
  end
end
if repaired == 0 then return { 'OK', 0 } end
publish_change(meta, channel, changes, areas)
return { 'OK', repaired }
