#!/usr/bin/env bash
# Live seat map benchmark (issue 3; see docs/BENCHMARKS.md, section "Live seat map"). Runs on the machine itself.
#
#   bench/live.sh           build, start the packaged app on :8086, run bench/LiveMapBench.java (compiled with bench/LoadDriver.java), stop the app.
#
# Parameters (environment variables, default):
#   BENCH_PORT=8086                 app port; BENCH_BASE_URL=http://127.0.0.1:$BENCH_PORT
#   BENCH_MANAGEMENT_PORT=9086      the app's management interface (health, metrics): BENCH_PORT + 1000
#   BENCH_PG_DB=bookit_bench_live   PostgreSQL database (created when missing)
#   BENCH_REDIS_DB=9                Redis database number
#   BENCH_CLIENTS=32                hold clients (closed model: hold one seat, DELETE the hold, repeat)
#   BENCH_SECONDS=15                length of each measured phase
#   BENCH_WARMUP_SECONDS=30         warm-up holds (with 50 subscribers) before the baseline
#   BENCH_SUBSCRIBERS=100,1000,5000 subscriber counts measured after the 0-subscriber baseline
#   BENCH_SAMPLE_EVERY=50           every n-th subscriber parses frames and times seat changes
#   BENCH_SUBS_PER_HTTPCLIENT=1000  WebSocket connections per java.net.http.HttpClient
#   BENCH_ROWS=40 BENCH_SEATS_PER_ROW=50   the 2,000-seat event
#   BENCH_SKIP_BUILD=0              1: use the jar in target/quarkus-app as it is
#   BENCH_RABBITMQ_VHOST=/          RabbitMQ virtual host of the app (its queues are durable and named: isolate runs)
#   BENCH_REPORT=target/live-bench-report.md
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8086}
export BENCH_BASE_URL=${BENCH_BASE_URL:-http://127.0.0.1:$PORT}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench_live}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-9}
export BENCH_COMMAND=${BENCH_COMMAND:-bench/live.sh}
mkdir -p target

# 5,000 sockets on each side (driver and app): raise the fd limit as far as the hard limit allows.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "fd limit: $(ulimit -n)"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"

bench_port_free "$PORT"

bench_build
# One load generator on one address with a few users: rate limits would measure themselves, so they are off, and the
# caps on live sockets (20,000 in all, 50 an address) are raised above the largest subscriber count.
bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" target/live-bench-app.log BOOKIT_RATE_LIMITS_ENABLED=false \
  BOOKIT_LIVE_MAX_SUBSCRIBERS=1000000 BOOKIT_LIVE_MAX_SUBSCRIBERS_PER_ADDRESS=1000000

mkdir -p target/bench
javac -nowarn -d target/bench bench/LoadDriver.java bench/LiveMapBench.java
java -Xss512k -Xmx1g -cp target/bench LiveMapBench
echo "Report: ${BENCH_REPORT:-target/live-bench-report.md}"
