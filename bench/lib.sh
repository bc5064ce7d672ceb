# Shared by the benchmark scripts (bench/sale.sh, bench/live.sh, bench/waiting-room.sh, ...); source it, do not run it.
#
#   bench_services DB             start PostgreSQL and Redis when they are down; create database DB when missing
#   bench_port_free PORT          exit with a message when something already answers on PORT (or its management port)
#   bench_build                   ./mvnw package unless BENCH_SKIP_BUILD=1
#   bench_production_settings     export what a production start requires (docs/OPERATIONS.md): JWT keys, the
#                                 waiting-room token secret and ticket key-encryption key (made once, kept in
#                                 target/bench-keys, so a bench database stays readable across runs) and
#                                 BOOKIT_PAYMENTS_ALLOW_SIMULATED=true (load tests pay with the simulated provider)
#   bench_start_app PORT DB REDIS_DB LOG [NAME=value ...]
#                                 start target/quarkus-app on PORT (management interface: health and metrics on
#                                 $BENCH_MANAGEMENT_PORT, default PORT+1000, exported) with its own PostgreSQL
#                                 database and Redis db, the production settings above, the extra environment given
#                                 (e.g. BOOKIT_RATE_LIMITS_ENABLED=false; it wins over the settings above; buyers' mails are off unless it says
#                                 BOOKIT_MAIL_ENABLED=true and QUARKUS_MAILER_*) and RabbitMQ
#                                 virtual host $BENCH_RABBITMQ_VHOST (default /), the JVM options of the container
#                                 image $BENCH_JVM_OPTS (below) and its class-data archive (made next to the jar when
#                                 missing or older than the jar, as src/main/docker/Dockerfile.jvm does), extra JVM
#                                 options $BENCH_APP_JAVA_OPTS (default none; e.g. -Xlog:gc:file=target/gc.log), the
#                                 jar $BENCH_APP_JAR (default target/quarkus-app/quarkus-run.jar); wait until
#                                 /q/health/live answers;
#                                 export BENCH_APP_PID; the app is stopped when the calling script exits

# What the container image (src/main/docker/Dockerfile.jvm, ubi9 openjdk-17-runtime's run-java.sh with
# GC_CONTAINER_OPTIONS) passes to the JVM, with the 1 GiB memory limit of the Kubernetes manifests (the JVM reads it
# from the cgroup there; MaxRAM says it here).
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:-"-XX:MaxRAM=1g -XX:MaxRAMPercentage=80.0 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}

bench_services() {
  pg_isready -h 127.0.0.1 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  redis-cli ping > /dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
    createdb -h 127.0.0.1 -U postgres "$1"
  fi
}

bench_management_port() {
  echo "${BENCH_MANAGEMENT_PORT:-$(($1 + 1000))}"
}

bench_port_free() {
  if curl -s -o /dev/null "http://127.0.0.1:$1/" || curl -s -o /dev/null "http://127.0.0.1:$(bench_management_port "$1")/"; then
    echo "Something already answers on :$1 or :$(bench_management_port "$1"); stop it or choose another BENCH_PORT" >&2
    exit 1
  fi
}

bench_production_settings() {
  local keys=target/bench-keys
  mkdir -p "$keys"
  if [ ! -f "$keys/private.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private.pem" 2> /dev/null
    openssl pkey -in "$keys/private.pem" -pubout -out "$keys/public.pem"
  fi
  [ -f "$keys/token-secret" ] || openssl rand -base64 32 > "$keys/token-secret"
  [ -f "$keys/key-encryption-key" ] || openssl rand -base64 32 > "$keys/key-encryption-key"
  export SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$keys/private.pem"
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/$keys/public.pem"
  BOOKIT_WAITING_ROOM_TOKEN_SECRET=$(cat "$keys/token-secret")
  BOOKIT_TICKETS_KEY_ENCRYPTION_KEY=$(cat "$keys/key-encryption-key")
  export BOOKIT_WAITING_ROOM_TOKEN_SECRET BOOKIT_TICKETS_KEY_ENCRYPTION_KEY
  export BOOKIT_PAYMENTS_ALLOW_SIMULATED=true
}

bench_build() {
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -B -q package -DskipTests
  fi
}

BENCH_STARTED_PID=""
bench_stop_app() {
  if [ -n "$BENCH_STARTED_PID" ]; then
    kill "$BENCH_STARTED_PID" 2>/dev/null || true
    wait "$BENCH_STARTED_PID" 2>/dev/null || true
  fi
}

bench_app_jar() {
  echo "${BENCH_APP_JAR:-target/quarkus-app/quarkus-run.jar}"
}

# The AppCDS archive of the app's classes, made once per build by a start that stops after static init (as the
# container image does at build time): about 0.7 s off every start.
bench_class_archive() {
  local jar archive
  jar=$(bench_app_jar)
  archive="$(dirname "$jar")/app-cds.jsa"
  if [ ! "$archive" -nt "$jar" ]; then
    rm -f "$archive"
    java $BENCH_JVM_OPTS -XX:ArchiveClassesAtExit="$archive" -Dquarkus.appcds.generate=true -jar "$jar" > /dev/null 2>&1 || true
  fi
  echo "$archive"
}

bench_start_app() {
  local port=$1 db=$2 redis_db=$3 log=$4
  shift 4
  trap bench_stop_app EXIT
  bench_production_settings
  BENCH_MANAGEMENT_PORT=$(bench_management_port "$port")
  export BENCH_MANAGEMENT_PORT
  env BOOKIT_MAIL_ENABLED=false "$@" \
    QUARKUS_HTTP_PORT="$port" \
    QUARKUS_MANAGEMENT_PORT="$BENCH_MANAGEMENT_PORT" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$redis_db" \
    RABBITMQ_VIRTUAL_HOST="${BENCH_RABBITMQ_VHOST:-/}" \
    java $BENCH_JVM_OPTS -XX:SharedArchiveFile="$(bench_class_archive)" ${BENCH_APP_JAVA_OPTS:-} -jar "$(bench_app_jar)" > "$log" 2>&1 &
  BENCH_STARTED_PID=$!
  export BENCH_APP_PID=$BENCH_STARTED_PID
  for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$BENCH_MANAGEMENT_PORT/q/health/live" > /dev/null && return 0
    kill -0 "$BENCH_STARTED_PID" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 1
  done
  echo "The app did not answer on :$port within 90 s; see $log" >&2
  exit 1
}
