-- An entry leaves the waiting list; its offer hold, if it has a live one, is released and its places (and any spare
-- places kept for it) are offered to the next entries.
-- KEYS: meta, seats, ga, exp, users, wl, wl:e, wl:spare, wl:log, rows, hold (the offer's, or any key of the event's
-- slot when none), then one key per offer hold id
-- ARGV: channel, entryId, holdId ('' for none), then the offer hold ids
-- Answers {'OK', more}.
local meta, seats, ga, expiry, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local wl, entries, spare, log, rows, hold = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local FIRST_OFFER = 12
local channel, entry, hold_id = ARGV[1], ARGV[2], ARGV[3]
redis.call('ZREM', wl, entry)
redis.call('HDEL', entries, entry)
if redis.call('EXISTS', meta) == 0 then return { 'OK', 0 } end
local changes, areas, ga_freed = {}, {}, {}
if hold_id ~= '' then
  local h = redis.call('HMGET', hold, 'entry', 'state')
  if h[1] == entry and h[2] == 'HELD' then
    local section, count = free_hold(seats, ga, users, expiry, hold, hold_id, 'RELEASED', changes, areas, log)
    if section then ga_freed[section] = count end
  end
end
local more = wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, FIRST_OFFER,
  { unpack(ARGV, 4) }, changes, areas, freed_of(changes, ga_freed))
settle(seats, ga, changes, areas)
if next(changes) or next(areas) then publish_change(meta, channel, changes, areas) end
return { 'OK', more }
