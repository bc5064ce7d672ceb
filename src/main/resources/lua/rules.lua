-- Updates an event's sale rules if its state is loaded (otherwise the next load reads them from PostgreSQL).
-- KEYS: meta    ARGV: status, salesStart, maxPerOrder, maxPerUser (0 = none)
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'salesStart', ARGV[2], 'maxPerOrder', ARGV[3], 'maxPerUser', ARGV[4])
return 1
