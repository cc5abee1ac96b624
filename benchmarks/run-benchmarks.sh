#!/usr/bin/env bash
# Runs the benchmark contract (benchmarks/CONTRACT.md) on every server in SERVERS, one at a time,
# on loopback, and prints a table per endpoint. See BENCHMARKS.md.
#
#   benchmarks/run-benchmarks.sh            the full table (about 10-14 minutes with 3-4 servers)
#   benchmarks/run-benchmarks.sh --quick    a smoke run: short loads, one concurrency (about 3 minutes)
#   benchmarks/run-benchmarks.sh --skip-build --servers "reactor-netty jdbc-platform"
#
# Environment: PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE (127.0.0.1 5432 postgres "" bench),
# PORT (8080), DB_POOL (8), JAVA (the newest JDK found, so that every server runs on the same one),
# SERVER_JAVA_OPTS (-Xmx512m), CONNECTIONS ("16 64 256"), DURATION (5s), WARMUP (2s),
# SLOW_CLIENTS (50), SLOW_SECONDS (20), RESULTS (benchmarks/target/bench-results/<time>).
set -euo pipefail

# One line per server: name | main class | extra environment. A new server is one more line.
SERVERS=(
  "sluice|io.sluice.bench.contract.SluiceServer|"
  "reactor-netty|io.sluice.bench.contract.ReactorNettyServer|"
  "jdbc-platform|io.sluice.bench.contract.JdbcServer|THREADS=platform"
  "jdbc-virtual|io.sluice.bench.contract.JdbcServer|THREADS=virtual"
)
# The server every ratio is taken against; "—" while it is not in SERVERS.
REFERENCE=sluice

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/benchmarks/target/sluice-benchmarks.jar
SCHEMA=$ROOT/benchmarks/src/main/resources/io/sluice/bench/contract/schema.sql

QUICK=false
BUILD=true
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true ;;
    --skip-build) BUILD=false ;;
    --servers) ONLY=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-} PGDATABASE=${PGDATABASE:-bench}
PORT=${PORT:-8080}
DB_POOL=${DB_POOL:-8}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m}
SLOW_CLIENTS=${SLOW_CLIENTS:-50}
if $QUICK; then
  CONNECTIONS=${CONNECTIONS:-64}; DURATION=${DURATION:-2s}; WARMUP=${WARMUP:-1s}
  SLOW_SECONDS=${SLOW_SECONDS:-6}; CHECK_ARGS=--quick
else
  CONNECTIONS=${CONNECTIONS:-16 64 256}; DURATION=${DURATION:-5s}; WARMUP=${WARMUP:-2s}
  SLOW_SECONDS=${SLOW_SECONDS:-20}; CHECK_ARGS=
fi
ENDPOINTS=(/plaintext /json /db "/queries?queries=20" "/updates?queries=20" /fortunes)
RESULTS=${RESULTS:-$ROOT/benchmarks/target/bench-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"
TSV=$RESULTS/results.tsv
: > "$TSV"
TICKS=$(getconf CLK_TCK)
START_TIME=$(date +%s)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

# The newest JDK on this machine, so that every server runs on the same JVM (and virtual threads
# are available when it is 21 or later).
pick_java() {
  local best="" best_version=0 candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$(java_version "$candidate")
    version=${version%%.*}
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
  done
  echo "$best"
}
JAVA=${JAVA:-$(pick_java)}
[ -n "$JAVA" ] || die "no java found; set JAVA"
JAVA_FEATURE=$(java_version "$JAVA"); JAVA_FEATURE=${JAVA_FEATURE%%.*}
JAVA_FLAGS=()
if [ "$JAVA_FEATURE" -ge 24 ]; then
  # Keep Netty on its Unsafe and native-transport paths (and quiet) on Java 24+.
  JAVA_FLAGS=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi

SERVER_PID=""
CLIENT_PIDS=()
cleanup() {
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# --- preparation -------------------------------------------------------------------------------

if $BUILD; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -q -pl benchmarks -am -DskipTests clean package) || die "build failed"
fi
[ -f "$JAR" ] || die "$JAR missing: build with ./mvnw -pl benchmarks -am -DskipTests package"

if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } \
    || die "could not install wrk"
fi

log "loading $PGDATABASE on $PGHOST:$PGPORT"
if [ -z "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'")" ]; then
  createdb "$PGDATABASE"
fi
PGOPTIONS='-c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 -f "$SCHEMA" >/dev/null

INGEST_FILE=$RESULTS/ingest-1000000.ndjson
seq 1 1000000 | awk '{ printf "{\"id\":%d,\"randomNumber\":%d}\n", $1, $1 % 10000 + 1 }' > "$INGEST_FILE"

# --- helpers ------------------------------------------------------------------------------------

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
reset_peak() { echo 5 > "/proc/$1/clear_refs" 2>/dev/null || true; }
peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Live heap after a full collection, for a JVM server ("-" when jcmd cannot attach).
live_heap_mb() {
  "$(dirname "$JAVA")/jcmd" "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ { printf "%.0f", $3 / 1048576; found = 1 } END { if (!found) print "-" }'
}
cpu_seconds() { awk -v a="$1" -v b="$2" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }'; }

start_server() { # name class extra pool
  local name=$1 class=$2 extra=$3 pool=$4 i
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is in use; set PORT"; fi
  # shellcheck disable=SC2086 # extra is a list of VAR=value words
  env PORT="$PORT" DB_POOL="$pool" $extra "$JAVA" "${JAVA_FLAGS[@]}" $SERVER_JAVA_OPTS -cp "$JAR" "$class" \
    >>"$RESULTS/$name.log" 2>&1 &
  SERVER_PID=$!
  # Up to 2 minutes: on a loaded machine, opening a pool of 50 connections takes a while.
  for i in $(seq 1 240); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/plaintext"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=""; return 1; }
    sleep 0.5
  done
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# Converts wrk's 1.23ms / 456.00us / 1.02s to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

run_wrk() { # name endpoint connections
  local name=$1 endpoint=$2 conns=$3 before after out rps p99 errors threads=2
  [ "$conns" -ge "$threads" ] || threads=1
  reset_peak "$SERVER_PID"; before=$(cpu_ticks "$SERVER_PID")
  out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 10s --latency "http://127.0.0.1:$PORT$endpoint")
  after=$(cpu_ticks "$SERVER_PID")
  rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx/ { e += $NF } /Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 } END { print e + 0 }' <<<"$out")
  printf 'load\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$endpoint" "$conns" "$rps" "$p99" \
    "$(cpu_seconds "$before" "$after")" "$(peak_mb "$SERVER_PID")" "$errors" >>"$TSV"
  log "  $endpoint c=$conns: $rps req/s, p99 $p99 ms, errors $errors"
}

measure_stream() { # name
  local name=$1 before after out
  curl -s -o /dev/null "http://127.0.0.1:$PORT/stream?n=1000000" # warm
  reset_peak "$SERVER_PID"; before=$(cpu_ticks "$SERVER_PID")
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' \
    "http://127.0.0.1:$PORT/stream?n=1000000")
  after=$(cpu_ticks "$SERVER_PID")
  read -r code ttfb total size <<<"$out"
  [ "$code" = 200 ] || log "  /stream answered $code"
  printf 'stream\t%s\t/stream?n=1000000\t1\t%s\t%s\t%s\t%s\t%s\n' "$name" \
    "$(awk -v t="$total" 'BEGIN { printf "%.0f", 1000000 / t }')" \
    "$(awk -v t="$ttfb" 'BEGIN { printf "%.2f", t * 1000 }')" \
    "$(cpu_seconds "$before" "$after")" "$(peak_mb "$SERVER_PID")" "$size" >>"$TSV"
  log "  /stream?n=1000000: ${total}s, first byte ${ttfb}s, $size bytes"
}

measure_ingest() { # name
  local name=$1 before after out body code total
  psql -q -c "TRUNCATE ingest"
  reset_peak "$SERVER_PID"; before=$(cpu_ticks "$SERVER_PID")
  out=$(curl -s -X POST -H 'Content-Type: application/x-ndjson' -H 'Expect:' -T "$INGEST_FILE" \
    -w '\n%{http_code} %{time_total}' "http://127.0.0.1:$PORT/ingest")
  after=$(cpu_ticks "$SERVER_PID")
  body=$(head -n 1 <<<"$out"); read -r code total <<<"$(tail -n 1 <<<"$out")"
  [ "$code" = 200 ] || log "  /ingest answered $code: $body"
  printf 'ingest\t%s\t/ingest\t1\t%s\t-\t%s\t%s\t%s\n' "$name" \
    "$(awk -v t="$total" 'BEGIN { printf "%.0f", 1000000 / t }')" \
    "$(cpu_seconds "$before" "$after")" "$(peak_mb "$SERVER_PID")" "$code" >>"$TSV"
  log "  /ingest of 1,000,000 lines: ${total}s, $body"
  psql -q -c "TRUNCATE ingest"
}

measure_slow_clients() { # name (server already started with a pool for every client)
  local name=$1 i before live_before live_end=- samples=() sizes=$RESULTS/slow-$name.txt steps
  for i in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$PORT/stream?n=1000"; done
  live_before=$(live_heap_mb "$SERVER_PID")
  before=$(rss_mb "$SERVER_PID"); reset_peak "$SERVER_PID"
  : > "$sizes"
  CLIENT_PIDS=()
  for i in $(seq 1 "$SLOW_CLIENTS"); do
    curl -s -o /dev/null --limit-rate 64k --max-time "$SLOW_SECONDS" -w '%{size_download}\n' \
      "http://127.0.0.1:$PORT/stream?n=1000000" >>"$sizes" &
    CLIENT_PIDS+=($!)
  done
  steps=$((SLOW_SECONDS * 2))
  for i in $(seq 1 "$steps"); do
    sleep 0.5
    if [ "$i" -eq $((steps / 3)) ] || [ "$i" -eq $((2 * steps / 3)) ]; then
      samples+=("$(rss_mb "$SERVER_PID")")
    elif [ "$i" -eq $((steps - 2)) ]; then # a second before the clients stop, while they still read
      samples+=("$(rss_mb "$SERVER_PID")")
      live_end=$(live_heap_mb "$SERVER_PID")
    fi
  done
  for i in "${CLIENT_PIDS[@]}"; do wait "$i" 2>/dev/null || true; done
  CLIENT_PIDS=()
  printf 'slow\t%s\t/stream?n=1000000\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$SLOW_CLIENTS" \
    "$(awk -v s="$SLOW_SECONDS" -v n="$SLOW_CLIENTS" '{ t += $1 } END { printf "%.0f", t / n / s / 1024 }' "$sizes")" \
    "$before" "${samples[0]:-}" "${samples[1]:-}" "${samples[2]:-}" "$(peak_mb "$SERVER_PID")" \
    "$live_before" "$live_end" >>"$TSV"
  log "  $SLOW_CLIENTS slow clients: RSS $before MB before, ${samples[*]} MB during, peak $(peak_mb "$SERVER_PID") MB;" \
    "live heap $live_before MB before, $live_end MB at the end"
}

# --- the runs -----------------------------------------------------------------------------------

read -ra CONNS <<<"$CONNECTIONS"
log "java $JAVA_FEATURE ($JAVA), DB_POOL=$DB_POOL, connections: ${CONNS[*]}, $DURATION per point, results in $RESULTS"
CHECKS=$RESULTS/checks.tsv
: > "$CHECKS"
for entry in "${SERVERS[@]}"; do
  IFS='|' read -r name class extra <<<"$entry"
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  if [[ "$extra" == *THREADS=virtual* ]] && [ "$JAVA_FEATURE" -lt 21 ]; then
    log "$name skipped: virtual threads need Java 21+, $JAVA is $JAVA_FEATURE"; continue
  fi
  log "== $name"
  start_server "$name" "$class" "$extra" "$DB_POOL" || die "$name did not start; see $RESULTS/$name.log"
  if "$JAVA" -cp "$JAR" io.sluice.bench.contract.ContractChecker --server "127.0.0.1:$PORT" \
      --pid "$SERVER_PID" $CHECK_ARGS >"$RESULTS/checks-$name.txt" 2>&1; then
    printf '%s\tpassed\t%s\n' "$name" "$(tail -n 1 "$RESULTS/checks-$name.txt")" >>"$CHECKS"
    log "  contract: $(tail -n 1 "$RESULTS/checks-$name.txt")"
  else
    printf '%s\tFAILED\t%s\n' "$name" "$(grep -c '^FAIL' "$RESULTS/checks-$name.txt") checks failed" >>"$CHECKS"
    log "  contract FAILED, see $RESULTS/checks-$name.txt"
  fi
  for endpoint in "${ENDPOINTS[@]}"; do
    wrk -t2 -c64 -d"$WARMUP" "http://127.0.0.1:$PORT$endpoint" >/dev/null
    for conns in "${CONNS[@]}"; do run_wrk "$name" "$endpoint" "$conns"; done
  done
  measure_stream "$name"
  measure_ingest "$name"
  stop_server
  if start_server "$name" "$class" "$extra" "$((SLOW_CLIENTS + 2))"; then
    measure_slow_clients "$name"
  else
    log "  $name did not restart for the slow clients; that run is skipped (see $RESULTS/$name.log)"
  fi
  stop_server
done

# --- the tables ---------------------------------------------------------------------------------

awk -F'\t' -v ref="$REFERENCE" -v checks="$CHECKS" '
  function ratio(kind, endpoint, conns, value,   r) {
    r = reference[kind SUBSEP endpoint SUBSEP conns]
    return (r == "" || r == 0 || value == "") ? "—" : sprintf("%.2f", value / r)
  }
  BEGIN { while ((getline line < checks) > 0) { split(line, c, "\t"); check[c[1]] = c[2] " (" c[3] ")"; names[++n] = c[1] } }
  { row[NR] = $0; if ($2 == ref) reference[$1 SUBSEP $3 SUBSEP $4] = ($1 == "slow" ? $10 : $5)
    if (!(($1 SUBSEP $3) in seen)) { seen[$1 SUBSEP $3] = 1; order[++m] = $1 SUBSEP $3 } }
  END {
    print "## Contract checks\n\n| server | result |\n|---|---|"
    for (i = 1; i <= n; i++) print "| " names[i] " | " check[names[i]] " |"
    for (k = 1; k <= m; k++) {
      split(order[k], key, SUBSEP); kind = key[1]; endpoint = key[2]
      if (kind == "load") {
        print "\n## " endpoint "\n\n| server | connections | requests/s | p99 ms | server CPU s | peak RSS MB | errors | vs " ref " |\n|---|---:|---:|---:|---:|---:|---:|---:|"
      } else if (kind == "stream") {
        print "\n## " endpoint " (one client)\n\n| server | rows/s | first byte ms | server CPU s | peak RSS MB | vs " ref " |\n|---|---:|---:|---:|---:|---:|"
      } else if (kind == "ingest") {
        print "\n## POST /ingest of 1,000,000 lines (one client)\n\n| server | rows/s | server CPU s | peak RSS MB | vs " ref " |\n|---|---:|---:|---:|---:|"
      } else {
        print "\n## Slow clients on " endpoint "\n\n| server | clients | KB/s per client | RSS before MB | RSS at 1/3 | at 2/3 | at end | peak RSS MB | live heap before / end MB | peak vs " ref " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      }
      for (i = 1; i <= NR; i++) {
        split(row[i], f, "\t")
        if (f[1] != kind || f[3] != endpoint) continue
        if (kind == "load") printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[2], f[4], f[5], f[6], f[7], f[8], f[9], ratio(kind, endpoint, f[4], f[5])
        else if (kind == "stream") printf "| %s | %s | %s | %s | %s | %s |\n", f[2], f[5], f[6], f[7], f[8], ratio(kind, endpoint, f[4], f[5])
        else if (kind == "ingest") printf "| %s | %s | %s | %s | %s |\n", f[2], f[5], f[7], f[8], ratio(kind, endpoint, f[4], f[5])
        else printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n", f[2], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], ratio(kind, endpoint, f[4], f[10])
      }
    }
  }' "$TSV" > "$RESULTS/results.md"

cat "$RESULTS/results.md"
echo
echo "Java $JAVA_FEATURE, $SERVER_JAVA_OPTS; DB_POOL=$DB_POOL; wrk -t2, $DURATION per point after a $WARMUP warm-up;" \
  "$(nproc) cores, all on one machine over loopback; $( $QUICK && echo 'QUICK smoke run, not comparable figures; ')" \
  "took $(( $(date +%s) - START_TIME )) s. Results: $RESULTS"
