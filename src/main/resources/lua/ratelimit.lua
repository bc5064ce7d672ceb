-- Token bucket: takes one token if there is one, or gives one back. The bucket refills continuously at `rate` tokens
-- per second up to `capacity`, and disappears when it would be full again.
-- KEYS: bucket    ARGV: capacity, rate (tokens per second), take (1, the default) or give back (-1)
-- Answers {allowed (1 or 0), ms until the bucket holds a token again (0 when it still holds one)}: the caller
-- remembers an empty bucket from the call that took its last token, not only from the first call it refuses.
-- Giving back (a call that turned out not to count, e.g. a login with the right password) is always allowed.
local bucket, capacity, rate = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local give_back = ARGV[3] == '-1'
local now = now_ms()
local state = redis.call('HMGET', bucket, 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
local allowed = 0
if give_back then
  tokens, allowed = math.min(capacity, tokens + 1), 1
elseif tokens >= 1 then
  tokens, allowed = tokens - 1, 1
end
local retry = tokens >= 1 and 0 or math.ceil((1 - tokens) * 1000 / rate)
redis.call('HSET', bucket, 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', bucket, math.ceil((capacity - tokens) * 1000 / rate) + 1000)
return { allowed, retry }
