-- The holder (or the system, with an empty user) gives a hold back at once; the places are offered to the waiting
-- list before they go back on sale.
-- KEYS: meta, seats, ga, exp, hold, users, wl, wl:e, wl:spare, wl:log, rows, then one key per offer hold id
-- ARGV: channel, holdId, userId ('' = system), then the offer hold ids
-- Answers {'OK', version, more} | {'NOT_FOUND'} | {'GONE', state}; more = 1: offers ran out (see wl_offer).
local meta, seats, ga, expiry, hold, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local wl, entries, spare, log, rows = KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local FIRST_OFFER = 12
local channel, hold_id, user = ARGV[1], ARGV[2], ARGV[3]

local h = redis.call('HMGET', hold, 'user', 'state')
if not h[1] or (user ~= '' and h[1] ~= user) then return { 'NOT_FOUND' } end
if h[2] ~= 'HELD' and not (h[2] == 'CLAIMED' and user == '') then return { 'GONE', h[2] } end
if redis.call('EXISTS', meta) == 0 then
  redis.call('HSET', hold, 'state', 'RELEASED')
  return { 'OK', 0, 0 }
end
local changes, areas = {}, {}
local section, count = free_hold(seats, ga, users, expiry, hold, hold_id, 'RELEASED', changes, areas, log)
local freed = freed_of(changes, section and { [section] = count } or {})
local more = wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, FIRST_OFFER,
  { unpack(ARGV, 4) }, changes, areas, freed)
settle(seats, ga, changes, areas)
return { 'OK', publish_change(meta, channel, changes, areas), more }
