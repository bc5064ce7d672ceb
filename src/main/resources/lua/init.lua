-- Builds an event's seat state from what PostgreSQL says is sold, unless another caller already did.
-- KEYS: meta, seats, ga, exp
-- ARGV: channel, status, salesStart, maxPerOrder, seatCount, soldCount, sold index x soldCount,
--       then (section, capacity, sold) for each general-admission area.
-- The version restarts at the current time in ms, above any version served before, and subscribers are told
-- to take a fresh snapshot.
local meta, seats, ga, expiry = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', meta) == 1 then return { 'EXISTS' } end
local channel, status, sales_start, max_per_order = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local seat_count, sold_count = tonumber(ARGV[5]), tonumber(ARGV[6])

redis.call('DEL', seats, ga, expiry)
redis.call('SET', seats, string.rep(FREE, seat_count))
for i = 7, 6 + sold_count do redis.call('SETRANGE', seats, tonumber(ARGV[i]), SOLD) end
for i = 7 + sold_count, #ARGV, 3 do
  local section, capacity, sold = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  redis.call('HSET', ga, section, capacity - sold, section .. ':cap', capacity, section .. ':sold', sold)
end
local version = now_ms()
redis.call('HSET', meta, 'status', status, 'salesStart', sales_start, 'maxPerOrder', max_per_order, 'ver', version)
redis.call('PUBLISH', channel, cjson.encode({ v = version, reset = true }))
return { 'OK', version }
