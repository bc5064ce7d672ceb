-- Marks places SOLD after PostgreSQL committed them. Idempotent: the order's hold records that it was applied.
-- KEYS: meta, seats, ga, exp, hold, users, wl, wl:e, wl:spare, wl:log, rows (a waiting list's offer that is sold is
-- logged in wl:log)
-- ARGV: channel, holdId ('' for none), section ('' for seats), count, seat index...
-- Answers {'OK', version, noneFree} | {'DUPLICATE', 0, noneFree} | {'NOT_LOADED'} (a rebuild will read the sale from
-- PostgreSQL). noneFree is 1 when no place of the event is free any more (all sold or held): the sale may have
-- sold the event out, which PostgreSQL then decides (order/SalesCheck); 0 otherwise.
local meta, seats, ga, expiry, hold, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local log = KEYS[10]
local channel, hold_id, section, count = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('EXISTS', meta) == 0 then return { 'NOT_LOADED' } end
local state = redis.call('HGET', hold, 'state')
local function none_free() return available_places(seats, ga) == 0 and 1 or 0 end
if state == 'SOLD' then return { 'DUPLICATE', 0, none_free() } end

local changes, areas, sold = {}, {}, {}
for i = 5, #ARGV do
  local index = tonumber(ARGV[i])
  if redis.call('GETRANGE', seats, index, index) ~= SOLD then
    redis.call('SETRANGE', seats, index, SOLD)
    append(sold, index)
  end
end
if #sold > 0 then changes[SOLD] = sold end
-- General admission: a live hold already took the places from 'available'; an expired or released one gave them
-- back, so the sale takes them again. Without a hold record (a rebuild from PostgreSQL) the counts are right already.
if section ~= '' and state then
  if state ~= 'CLAIMED' and state ~= 'HELD' then redis.call('HINCRBY', ga, section, -count) end
  redis.call('HINCRBY', ga, section .. ':sold', count)
  areas[section] = tonumber(redis.call('HGET', ga, section))
end
-- The buyer's places stay counted (held -> bought); a hold that expired or was released meanwhile had given them
-- back, so the sale counts them again.
if state and state ~= 'CLAIMED' and state ~= 'HELD' then
  local h = redis.call('HMGET', hold, 'user', 'count')
  count_places(users, h[1], tonumber(h[2]))
end
if state then
  redis.call('HSET', hold, 'state', 'SOLD')
  local entry = redis.call('HGET', hold, 'entry')
  if entry then redis.call('RPUSH', log, 'ENDED|' .. entry .. '|' .. hold_id .. '|SOLD') end
end
if hold_id ~= '' then redis.call('ZREM', expiry, hold_id) end
if #sold == 0 and not next(areas) then return { 'OK', tonumber(redis.call('HGET', meta, 'ver')), none_free() } end
return { 'OK', publish_change(meta, channel, changes, areas), none_free() }
