-- The holder (or the system, with an empty user) gives a hold back at once.
-- KEYS: meta, seats, ga, exp, hold, users    ARGV: channel, holdId, userId ('' = system)
-- Answers {'OK', version} | {'NOT_FOUND'} | {'GONE', state}.
local meta, seats, ga, expiry, hold, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local channel, hold_id, user = ARGV[1], ARGV[2], ARGV[3]

local h = redis.call('HMGET', hold, 'user', 'state')
if not h[1] or (user ~= '' and h[1] ~= user) then return { 'NOT_FOUND' } end
if h[2] ~= 'HELD' and not (h[2] == 'CLAIMED' and user == '') then return { 'GONE', h[2] } end
if redis.call('EXISTS', meta) == 0 then
  redis.call('HSET', hold, 'state', 'RELEASED')
  return { 'OK', 0 }
end
local changes, areas = {}, {}
free_hold(seats, ga, users, expiry, hold, hold_id, 'RELEASED', changes, areas)
return { 'OK', publish_change(meta, channel, changes, areas) }
