-- Marks places SOLD after PostgreSQL committed them. Runs whether or not the hold still exists.
-- KEYS: meta, seats, ga, exp, hold    ARGV: channel, holdId, section ('' for seats), count, seat index...
-- Answers {'OK', version} | {'NOT_LOADED'} (a rebuild will read the sale from PostgreSQL).
local meta, seats, ga, expiry, hold = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, hold_id, section, count = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end

local changes, areas, sold = {}, {}, {}
for i = 5, #ARGV do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) ~= SOLD then
    redis.call('SETRANGE', seats, index, SOLD)
    append(sold, index)
  end
end
if #sold > 0 then changes[SOLD] = sold end
local state = redis.call('HGET', hold, 'state')
if section ~= '' then
  if state ~= 'CLAIMED' and state ~= 'HELD' then
    -- the hold's places were already given back (expiry, rebuild): the sale takes them now
    redis.call('HINCRBY', ga, section, -count)
  end
  redis.call('HINCRBY', ga, section .. ':sold', count)
  areas[section] = tonumber(redis.call('HGET', ga, section))
end
if state then redis.call('HSET', hold, 'state', 'SOLD') end
redis.call('ZREM', expiry, hold_id)
return { 'OK', publish_change(meta, channel, changes, areas) }
