-- Puts refunded places back on sale, once per order (the marker key records it for a day), after offering them to
-- the waiting list. The buyer's places no longer count against the per-user cap.
-- KEYS: meta, seats, ga, marker, users, exp, wl, wl:e, wl:spare, wl:log, rows, then one key per offer hold id
-- ARGV: channel, section ('' for seats), count (GA), buyer, offers (how many offer hold ids), offer hold id...,
--       then the seat indices
-- Answers {'OK', version, more} | {'DUPLICATE'} | {'NOT_LOADED'}.
local meta, seats, ga, marker, users, expiry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local wl, entries, spare, log, rows = KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local FIRST_OFFER = 12
local channel, section, count, buyer, offers = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local FIRST_SEAT = 6 + offers
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
if not redis.call('SET', marker, '1', 'NX', 'PX', 86400000) then return { 'DUPLICATE' } end
local changes, areas, freed, ga_freed = {}, {}, {}, {}
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
  ga_freed[section] = count
end
local more = wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, FIRST_OFFER,
  { unpack(ARGV, 6, 5 + offers) }, changes, areas, freed_of(changes, ga_freed))
settle(seats, ga, changes, areas)
return { 'OK', publish_change(meta, channel, changes, areas), more }
