-- Drops a lock only if it is still the caller's (a lock that timed out may be someone else's by now).
-- KEYS: lock    ARGV: token
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
