#!/usr/bin/env bash
# Live seat map benchmark (issues 3 and 23; see docs/BENCHMARKS.md, section "Live seat map at 10,000 subscribers").
# Runs on the machine itself.
#
#   bench/live.sh           build this tree, start the packaged app, run bench/LiveMapBench.java (compiled with
#                           bench/BenchSupport.java and bench/LiveSubscribers.java), stop the app; with BENCH_BASELINE_DIR
#                           first the same against the build in that directory (the baseline of the same run).
#
# Parameters (environment variables, default):
#   BENCH_PORT=8086                 app port; BENCH_BASE_URL=http://127.0.0.1:$BENCH_PORT
#   BENCH_MANAGEMENT_PORT=9086      the app's management interface (health, metrics): BENCH_PORT + 1000
#   BENCH_PG_DB=bookit_bench_live   PostgreSQL database (created when missing)
#   BENCH_REDIS_DB=9                Redis database number
#   BENCH_CLIENTS=32                hold clients (closed model: hold one seat, DELETE the hold, repeat)
#   BENCH_SECONDS=15                length of each measured phase
#   BENCH_WARMUP_SECONDS=30         warm-up holds (with 50 subscribers) before the baseline
#   BENCH_SUBSCRIBERS=1000,10000    subscriber counts measured after the 0-subscriber baseline
#   BENCH_SAMPLE_EVERY=500          every n-th subscriber runs in the hold driver, reads every frame and times seat
#                                   changes; the others run in a JVM of their own (bench/LiveSubscribers.java)
#   BENCH_VIEW=view=compact         the subscribers' query (the web app's); empty: the JSON snapshots
#   BENCH_ROWS=40 BENCH_SEATS_PER_ROW=50   the 2,000-seat event
#   BENCH_SKIP_BUILD=0              1: use the jar in target/quarkus-app as it is
#   BENCH_BASELINE_DIR=             a source tree whose target/quarkus-app is measured first, e.g. main's:
#                                   git archive main | tar -x -C target/baseline-src and build it there
#   BENCH_RABBITMQ_VHOST=/          RabbitMQ virtual host of the app (its queues are durable and named: isolate runs)
#   BENCH_APP_ENV=                  more NAME=value settings for the app (e.g. BOOKIT_LIVE_MAX_FRAMES_PER_SECOND=40000)
#   BENCH_REPORT=target/live-bench-report.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PORT=${BENCH_PORT:-8086}
export BENCH_BASE_URL=${BENCH_BASE_URL:-http://127.0.0.1:$PORT}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench_live}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-9}
export BENCH_COMMAND=${BENCH_COMMAND:-bench/live.sh}
export BENCH_REPORT=${BENCH_REPORT:-target/live-bench-report.md}
mkdir -p target
rm -f "$BENCH_REPORT"

# 10,000 sockets on each side (subscriber JVM and app): raise the fd limit as far as the hard limit allows.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "fd limit: $(ulimit -n)"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"

bench_port_free "$PORT"

bench_build
mkdir -p target/bench
export BENCH_SUBSCRIBER_CLASSPATH="$PWD/target/bench:$PWD/target/quarkus-app/lib/main/*"
javac -nowarn -d target/bench -cp "target/quarkus-app/lib/main/*" bench/BenchSupport.java bench/LiveMapBench.java \
  bench/LiveSubscribers.java

# One load generator on one address with a few users: rate limits would measure themselves, so they are off, and the
# caps on live sockets (20,000 in all, 50 an address) are raised above the largest subscriber count.
run_once() { # LABEL: start the app of the current directory, measure, stop it
  bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" "$ROOT/target/live-bench-app-${1// /-}.log" \
    BOOKIT_RATE_LIMITS_ENABLED=false BOOKIT_LIVE_MAX_SUBSCRIBERS=1000000 BOOKIT_LIVE_MAX_SUBSCRIBERS_PER_ADDRESS=1000000 \
    ${BENCH_APP_ENV:-}
  (cd "$ROOT" && BENCH_LABEL="$1" java -Xss512k -Xmx1g -cp "target/bench:target/quarkus-app/lib/main/*" LiveMapBench)
  bench_stop_app
  BENCH_STARTED_PID=""
}

if [ -n "${BENCH_BASELINE_DIR:-}" ]; then
  mkdir -p "$BENCH_BASELINE_DIR/target"
  bench_production_settings # the same keys for both builds: one database
  rm -rf "$BENCH_BASELINE_DIR/target/bench-keys" && cp -r target/bench-keys "$BENCH_BASELINE_DIR/target/"
  cd "$BENCH_BASELINE_DIR" && run_once baseline
  cd "$ROOT"
fi
run_once "this build"
echo "Report: $BENCH_REPORT"
