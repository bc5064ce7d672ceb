#!/usr/bin/env bash
# Bookit benchmark runner (see docs/BENCHMARKS.md). Runs on the machine itself: no k6 needed.
#
#   bench/run.sh            build, start the packaged app on :8085 (or reuse one already answering there), measure,
#                           write target/bench-report.md, stop the app it started.
#
# Parameters (environment variables, default):
#   BENCH_PORT=8085                 app port; BENCH_BASE_URL=http://127.0.0.1:$BENCH_PORT
#   BENCH_MANAGEMENT_PORT=9085      the app's management interface (health, metrics): BENCH_PORT + 1000
#   BENCH_PG_DB=bookit_bench        PostgreSQL database (created when missing)
#   BENCH_REDIS_DB=5                Redis database number
#   BENCH_ROUNDS=3                  health and hold phases alternate in this many slices each
#   BENCH_CLIENTS=64                concurrent clients (closed model); open-model workers are 4x this
#   BENCH_SECONDS=15                length of each measured phase
#   BENCH_WARMUP_SECONDS=40         warm-up: health, holds, hold+order (a quarter each), then a warm-up sell-out
#   BENCH_RATE_FRACTION=0.7         open-model arrival rate as a fraction of the closed-model maximum
#   BENCH_ROWS=40 BENCH_SEATS_PER_ROW=50   the 2,000-seat events
#   BENCH_BIG_ROWS=400              rows of the order-capacity event (x BENCH_SEATS_PER_ROW seats)
#   BENCH_ORDER_SEATS=2             seats an order
#   BENCH_REDIS_REQUESTS=300000     redis-benchmark calls
#   BENCH_SKIP_BUILD=0              1: use the jar in target/quarkus-app as it is
#   BENCH_RABBITMQ_VHOST=/          RabbitMQ virtual host of the app (its queues are durable and named: isolate runs)
#   BENCH_REPORT=target/bench-report.md
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8085}
export BENCH_BASE_URL=${BENCH_BASE_URL:-http://127.0.0.1:$PORT}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-5}
export BENCH_COMMAND=${BENCH_COMMAND:-bench/run.sh}
mkdir -p target

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"

export BENCH_MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-$((PORT + 1000))}
if curl -sf "http://127.0.0.1:$BENCH_MANAGEMENT_PORT/q/health/live" > /dev/null; then
  echo "Reusing the app already answering on $BENCH_BASE_URL"
  APP_PID_REUSED=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  export BENCH_APP_PID=${BENCH_APP_PID:-$APP_PID_REUSED}
else
  bench_build
  # One load generator on one address with a few users: rate limits would measure themselves, so they are off.
  bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" target/bench-app.log BOOKIT_RATE_LIMITS_ENABLED=false
fi

java -Xss512k bench/LoadDriver.java
echo "Report: ${BENCH_REPORT:-target/bench-report.md}"
