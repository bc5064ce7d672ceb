#!/usr/bin/env bash
# What one seat-map read costs an instance (docs/SCALING.md): GET /api/events/{id}/seats, the public read every buyer's
# page makes, on an event of ROWS x SEATS seats, with wrk over kept-alive connections. Reports reads/s and, less
# sensitive to a shared machine, the app's and Redis's CPU time per read (from /proc).
#
# Parameters (environment variables) and defaults:
#   READS_PORT=18530          the app's port (management: READS_PORT + 1000)
#   READS_DB=bookit_bench_reads   PostgreSQL database (made when missing)
#   READS_REDIS_DB=5          Redis db
#   READS_ROWS=40 READS_SEATS=50   the event's seated rows and seats a row (2,000 seats)
#   READS_CONNECTIONS=32 READS_SECONDS=15 READS_WARMUP_SECONDS=10
#   BENCH_SKIP_BUILD=0        1: use target/quarkus-app as it is
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${READS_PORT:-18530}
DB=${READS_DB:-bookit_bench_reads}
ROWS=${READS_ROWS:-40}
SEATS=${READS_SEATS:-50}
CONNECTIONS=${READS_CONNECTIONS:-32}
SECONDS_RUN=${READS_SECONDS:-15}
WARMUP=${READS_WARMUP_SECONDS:-10}
BASE=http://127.0.0.1:$PORT

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$DB"
bench_port_free "$PORT"
bench_build
bench_start_app "$PORT" "$DB" "${READS_REDIS_DB:-5}" target/bench-reads-app.log BOOKIT_RATE_LIMITS_ENABLED=false \
  BOOKIT_AUTH_BCRYPT_COST=4

json() { curl -sf -H 'Content-Type: application/json' "$@"; }
email="reads-$(date +%s%N)@example.test"
json -d "{\"email\":\"$email\",\"password\":\"correct-horse-battery\",\"displayName\":\"Reads\",\"role\":\"ORGANIZER\"}" \
  "$BASE/api/auth/register" > /dev/null
TOKEN=$(json -d "{\"email\":\"$email\",\"password\":\"correct-horse-battery\"}" "$BASE/api/auth/login" \
  | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
auth() { json -H "Authorization: Bearer $TOKEN" "$@"; }
rows=$(for ((r = 0; r < ROWS; r++)); do printf '{"label":"R%d","seats":%d}' "$r" "$SEATS"; if [ $r -lt $((ROWS - 1)) ]; then printf ,; fi; done)
VENUE=$(auth -d "{\"name\":\"Hall\",\"address\":\"1 Main St\",\"timezone\":\"Europe/Berlin\",\"sections\":[{\"key\":\"ORCH\",\"name\":\"Orchestra\",\"kind\":\"SEATED\",\"rows\":[$rows]}]}" \
  "$BASE/api/venues" | sed 's/.*"id":"\([^"]*\)".*/\1/;s/".*//')
START=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
END=$(date -u -d '+30 days 3 hours' +%Y-%m-%dT%H:%M:%SZ)
EVENT=$(auth -d "{\"venueId\":\"$VENUE\",\"name\":\"Reads\",\"description\":\"bench\",\"startsAt\":\"$START\",\"endsAt\":\"$END\",\"currency\":\"EUR\",\"prices\":[{\"section\":\"ORCH\",\"price\":\"10.00\"}],\"maxSeatsPerOrder\":4}" \
  "$BASE/api/events" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
auth -X POST "$BASE/api/events/$EVENT/publish" > /dev/null
URL="$BASE/api/events/$EVENT/seats"
echo "event $EVENT: $((ROWS * SEATS)) seats, $(curl -s "$URL" | wc -c) bytes a seat map"

# the Redis on 6379 is shared with whatever else uses it: its CPU a read is an upper bound
REDIS_PID=$(ss -ltnpH 'sport = :6379' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$URL" > /dev/null
app0=$(ticks "$BENCH_APP_PID"); redis0=$(ticks "$REDIS_PID")
out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "$URL")
app1=$(ticks "$BENCH_APP_PID"); redis1=$(ticks "$REDIS_PID")
echo "$out" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" || true
requests=$(echo "$out" | awk '/requests in/ {print $1}')
hz=$(getconf CLK_TCK)
awk -v a=$((app1 - app0)) -v r=$((redis1 - redis0)) -v hz="$hz" -v n="$requests" 'BEGIN {
  printf "app CPU %.0f us a read, Redis CPU %.0f us a read (%d reads)\n", a / hz * 1e6 / n, r / hz * 1e6 / n, n }'
