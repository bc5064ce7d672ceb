-- What the sweeper needs to know of one event: its holds due now, when the next one falls due, its status.
-- KEYS: meta, exp    ARGV: limit
-- Answers {status or '', nextDue or -1, due hold id...}
local meta, expiry, limit = KEYS[1], KEYS[2], tonumber(ARGV[1])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, limit)
local next_due = -1
local after = redis.call('ZRANGEBYSCORE', expiry, '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
if #after > 0 then next_due = tonumber(after[2]) end
local answer = { redis.call('HGET', meta, 'status') or '', next_due }
for _, id in ipairs(due) do append(answer, id) end
return answer
