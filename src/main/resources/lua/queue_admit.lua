-- Admits the next shoppers of an event's waiting room. Every instance calls it every tick; the state is here, so
-- together they admit at the configured rate (a token bucket: see below), never more than
-- maxActiveShoppers at once, and only while what is on sale can serve them: free places minus what the admitted
-- shoppers who have not held yet are likely to take (the measured places per first hold, or ARGV[1] until then).
-- KEYS: meta, seats, ga, exp, wr, wr:q, wr:active, wr:fresh, wr:gone
-- ARGV: default places per shopper, tick (ms)
-- Answers {admitted now, waiting, active, available places} or {-1} when the room is off, the event not on sale or
-- its sales over (the job then stops visiting it; moving salesEnd later brings it back, see SeatInventory.syncRoom).
local meta, seats, ga, expiry, room, queue, admitted, fresh, gone = unpack(KEYS)
local now = now_ms()
for _, user in ipairs(redis.call('ZRANGEBYSCORE', admitted, '-inf', now)) do
  leave_room(admitted, fresh, gone, user, 'SESSION_ENDED')
end
local rules = redis.call('HMGET', meta, 'status', 'salesStart', 'maxPerOrder', 'salesEnd')
local r = redis.call('HMGET', room, 'enabled', 'rate', 'max', 'session', 'last', 'budget', 'measured',
  'firstHolds', 'firstSeats')
if r[1] ~= '1' or rules[1] ~= 'ON_SALE' then return { -1 } end
if rules[4] and now >= tonumber(rules[4]) then return { -1 } end
local waiting, active = redis.call('ZCARD', queue), redis.call('ZCARD', admitted)
if now < tonumber(rules[2]) then
  redis.call('HSET', room, 'last', now, 'budget', 0)
  return { 0, waiting, active, -1 }
end

local rate = tonumber(r[2])
local elapsed = r[5] and math.max(0, now - tonumber(r[5])) or 0
-- The bucket carries over up to three ticks' worth: a tick that runs late (a busy scheduler, a skipped run) or a
-- fraction left over (100 a minute is 1.67 a tick) is admitted at the next tick, so the rate is kept, not rounded
-- down. While nobody waits it keeps at most one tick's worth (at least one), so an idle room does not save up.
local tick = rate * math.max(1000, tonumber(ARGV[2])) / 60000
local budget = math.min(math.max(1, 3 * tick), tonumber(r[6] or '0') + elapsed * rate / 60000)
local per_shopper = tonumber(ARGV[1])
if tonumber(r[8] or '0') >= 5 then per_shopper = tonumber(r[9]) / tonumber(r[8]) end
per_shopper = math.max(1, math.min(per_shopper, tonumber(rules[3])))
local available = available_places(seats, ga)
local spare = available - redis.call('SCARD', fresh) * per_shopper
local n = math.min(math.floor(budget), tonumber(r[3]) - active, waiting)
if spare <= 0 then n = 0 else n = math.min(n, math.ceil(spare / per_shopper)) end

if n > 0 then
  local session_end = now + tonumber(r[4])
  local next_ones = redis.call('ZPOPMIN', queue, n)
  for i = 1, #next_ones, 2 do
    redis.call('ZADD', admitted, session_end, next_ones[i])
    redis.call('SADD', fresh, next_ones[i])
  end
  budget = budget - n
end
-- the measured admission rate (per minute), averaged over about 30 s while anyone waits: for honest estimates
local measured = r[7]
if waiting > 0 and elapsed > 0 then
  local sample = n * 60000 / elapsed
  measured = measured and tonumber(measured) + (1 - math.exp(-elapsed / 30000)) * (sample - tonumber(measured))
    or sample
end
if waiting - n <= 0 then budget = math.min(budget, math.max(1, tick)) end
redis.call('HSET', room, 'last', now, 'budget', budget)
if measured then redis.call('HSET', room, 'measured', measured) end
return { n, waiting - n, active + n, available }
