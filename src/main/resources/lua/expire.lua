-- Frees the given holds that are due (the sweeper found them in the exp index), as one change.
-- KEYS: meta, seats, ga, exp, users, hold...    ARGV: channel, holdId... (one per hold key, same order)
-- Answers the number of holds freed.
local meta, seats, ga, expiry, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local FIRST_HOLD = 6
local channel = ARGV[1]
if redis.call('EXISTS', meta) == 0 then return 0 end
local now, freed, changes, areas = now_ms(), 0, {}, {}
for i = FIRST_HOLD, #KEYS do
  local hold, hold_id = KEYS[i], ARGV[i - FIRST_HOLD + 2]
  local due = redis.call('ZSCORE', expiry, hold_id)
  if due and tonumber(due) <= now then
    local state = redis.call('HGET', hold, 'state')
    if state == 'HELD' or state == 'CLAIMED' then
      free_hold(seats, ga, users, expiry, hold, hold_id, 'EXPIRED', changes, areas)
      freed = freed + 1
    else
      redis.call('ZREM', expiry, hold_id)
    end
  end
end
if freed > 0 then publish_change(meta, channel, changes, areas) end
return freed
