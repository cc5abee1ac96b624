# Shared by the load scripts (load-slow-readers.sh, load-c10k.sh); sourced, not run. Builds the
# jars, picks the JVM, creates a fresh database, starts and stops the demo app, and reads its
# memory. Expects ROOT, RESULTS and DEMO_DB to be set by the caller.

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-}
PORT=${PORT:-8080}
DEMO_JAR=${DEMO_JAR:-$ROOT/demo-app/target/sluice-demo.jar}
BENCH_JAR=$ROOT/benchmarks/target/sluice-benchmarks.jar
DEMO_PID=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

# The newest JDK on this machine, as for the contract benchmarks (BENCHMARKS.md).
pick_java() {
  local best="" best_version=0 candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$(java_version "$candidate"); version=${version%%.*}
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
  done
  echo "$best"
}
JAVA=${JAVA:-$(pick_java)}
[ -n "$JAVA" ] || die "no java found; set JAVA"
JAVA_FEATURE=$(java_version "$JAVA"); JAVA_FEATURE=${JAVA_FEATURE%%.*}
JAVA_FLAGS=()
if [ "$JAVA_FEATURE" -ge 24 ]; then
  JAVA_FLAGS=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi

# Raises the open-file limit to $1 (or the hard limit, if lower): every connection is a file on
# both sides.
raise_open_files() {
  local want=$1 hard
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
    log "open-file hard limit is $hard, below $want; using $hard"
    want=$hard
  fi
  ulimit -n "$want"
}

build_jars() {
  log "building the demo and benchmark jars"
  (cd "$ROOT" && ./mvnw -q -pl demo-app,benchmarks -am -DskipTests package) || die "build failed"
}

fresh_database() {
  log "fresh database $DEMO_DB on $PGHOST:$PGPORT"
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DEMO_DB WITH (FORCE)" >/dev/null
}

# start_demo "<java options>" VAR=value...: starts the demo jar on PORT with the rest of its
# environment, and waits until /ready answers.
start_demo() {
  local opts=$1 i
  shift
  [ -f "$DEMO_JAR" ] || die "$DEMO_JAR missing: run without --skip-build"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is in use; set PORT"; fi
  mkdir -p "$RESULTS/data"
  # shellcheck disable=SC2086 # opts is a list of JVM options
  env PORT="$PORT" DATABASE_URL="r2dbc:postgresql://$PGUSER@$PGHOST:$PGPORT/$DEMO_DB" \
    SEED_DATA=false LOG_FORMAT=text DATA_DIR="$RESULTS/data" "$@" \
    "$JAVA" "${JAVA_FLAGS[@]}" $opts -jar "$DEMO_JAR" >"$RESULTS/demo.log" 2>&1 &
  DEMO_PID=$!
  for i in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; then
      log "demo ready (pid $DEMO_PID, $opts $*)"
      return 0
    fi
    kill -0 "$DEMO_PID" 2>/dev/null || die "the demo exited; see $RESULTS/demo.log"
    sleep 0.5
  done
  die "the demo did not become ready in 60 s; see $RESULTS/demo.log"
}

stop_demo() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    kill "$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$DEMO_PID" 2>/dev/null || true
  fi
  DEMO_PID=""
}

# run_tool <seconds> <main class> VAR=value...: runs a load tool from the benchmark jar, bounded.
run_tool() {
  local seconds=$1 class=$2
  shift 2
  env SERVER_PID="$DEMO_PID" "$@" timeout --signal=KILL "$seconds" \
    "$JAVA" "${JAVA_FLAGS[@]}" -Xmx1g -cp "$BENCH_JAR" "$class" | tee "$RESULTS/report.txt"
}
