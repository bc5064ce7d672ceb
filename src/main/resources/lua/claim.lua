-- An order takes a live hold: HELD -> CLAIMED, kept alive for at least graceMs while the order commits
-- (or its payment is pending). Only the holder can claim.
-- KEYS: exp, hold    ARGV: holdId, userId, graceMs
-- Answers {'OK', mode, seats, section, count, expires} | {'NOT_FOUND'} | {'EXPIRED'} | {state}.
local expiry, hold = KEYS[1], KEYS[2]
local hold_id, user, grace = ARGV[1], ARGV[2], tonumber(ARGV[3])

local h = redis.call('HMGET', hold, 'user', 'state', 'expires', 'mode', 'seats', 'section', 'count')
if not h[1] or h[1] ~= user then return { 'NOT_FOUND' } end
local now = now_ms()
if h[2] == 'HELD' and tonumber(h[3]) <= now then return { 'EXPIRED' } end
if h[2] ~= 'HELD' then return { h[2] } end
local deadline = math.max(tonumber(h[3]), now + grace)
redis.call('HSET', hold, 'state', 'CLAIMED', 'heldUntil', h[3], 'expires', deadline)
redis.call('ZADD', expiry, deadline, hold_id)
redis.call('PEXPIRE', hold, deadline - now + RETAIN_MS)
return { 'OK', h[4], h[5], h[6], h[7], deadline }
