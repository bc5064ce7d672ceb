-- Frees the given holds that are due (the sweeper found them in the exp index), as one change; the places are
-- offered to the waiting list before they go back on sale.
-- KEYS: meta, seats, ga, exp, users, wl, wl:e, wl:spare, wl:log, rows, hold x n, then one key per offer hold id
-- ARGV: channel, n, holdId x n (same order as the hold keys), then the offer hold ids
-- Answers {holds freed, more}; more = 1: offers ran out (see wl_offer).
local meta, seats, ga, expiry, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local wl, entries, spare, log, rows = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local FIRST_HOLD = 11
local channel, n = ARGV[1], tonumber(ARGV[2])
if redis.call('EXISTS', meta) == 0 then return { 0, 0 } end
local now, freed, changes, areas, ga_freed = now_ms(), 0, {}, {}, {}
for i = FIRST_HOLD, FIRST_HOLD + n - 1 do
  local hold, hold_id = KEYS[i], ARGV[i - FIRST_HOLD + 3]
  local due = redis.call('ZSCORE', expiry, hold_id)
  if due and tonumber(due) <= now then
    local state = redis.call('HGET', hold, 'state')
    if state == 'HELD' or state == 'CLAIMED' then
      local section, count = free_hold(seats, ga, users, expiry, hold, hold_id, 'EXPIRED', changes, areas, log)
      if section then ga_freed[section] = (ga_freed[section] or 0) + count end
      freed = freed + 1
    else
      redis.call('ZREM', expiry, hold_id)
    end
  end
end
if freed == 0 then return { 0, 0 } end
local more = wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, FIRST_HOLD + n,
  { unpack(ARGV, 3 + n) }, changes, areas, freed_of(changes, ga_freed))
settle(seats, ga, changes, areas)
publish_change(meta, channel, changes, areas)
return { freed, more }
