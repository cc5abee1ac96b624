#!/usr/bin/env bash
# Builds a self-contained runtime image of the demo: a Java runtime trimmed by jlink to the modules
# the app needs (found by jdeps), with the app's jar and a launcher. Needs only a JDK 17+ to build;
# the image needs no Java installed to run.
#
#   demo-app/build-image.sh            build demo-app/target/image (bin/sluice-demo starts it)
#   demo-app/build-image.sh --check    build it, start it on a free port, check /health and /, stop it
#
# The image runs on machines of the same OS and CPU architecture as the JDK that built it.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=demo-app/target/image
JAR=demo-app/target/sluice-demo.jar

if [ "${SKIP_BUILD:-0}" != 1 ]; then   # SKIP_BUILD=1 reuses the jar already built
  ./mvnw -q -pl demo-app -am package -DskipTests -Dspotless.check.skip=true
fi

# Modules the classes reference, plus those only reached by reflection or service loading:
# jdk.crypto.ec (TLS key exchange), jdk.unsupported (Netty's Unsafe), jdk.management (JVM metrics),
# jdk.naming.dns (DNS lookups), jdk.zipfs (Flyway scanning the jar).
# jdeps reads the jar's classes as plain classes: the module descriptors that shaded libraries
# carry (META-INF/versions/9/module-info.class) would make it resolve them as modules.
CLASSES=$(mktemp -d)
(cd "$CLASSES" && jar xf "$OLDPWD/$JAR" && find . -name module-info.class -delete)
MODULES=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 -q "$CLASSES")
rm -rf "$CLASSES"
MODULES="$MODULES,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.zipfs"
echo "jlink modules: $MODULES"

rm -rf "$IMAGE"
jlink --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$IMAGE"
mkdir -p "$IMAGE/app"
cp "$JAR" "$IMAGE/app/sluice-demo.jar"
cat > "$IMAGE/bin/sluice-demo" <<'LAUNCHER'
#!/bin/sh
# Starts the Sluice demo with the runtime of this image. Settings come from the environment
# (PORT, DATABASE_URL, API_TOKEN, DATA_DIR, ...); JVM options go in JAVA_OPTS.
HERE=$(cd "$(dirname "$0")/.." && pwd)
exec "$HERE/bin/java" ${JAVA_OPTS:-} -jar "$HERE/app/sluice-demo.jar" "$@"
LAUNCHER
chmod +x "$IMAGE/bin/sluice-demo"
echo "Built $IMAGE ($(du -sh "$IMAGE" | cut -f1)); start it with $IMAGE/bin/sluice-demo"

if [ "${1:-}" != "--check" ]; then
  exit 0
fi

# The check: start the image (not the JDK) on a free port with a scratch data directory, wait for
# it to listen, ask /health and /, then stop it with SIGTERM and wait for its graceful exit.
WORK=$(mktemp -d)
LOG="$WORK/demo.log"
env -u JAVA_HOME PATH=/usr/bin:/bin PORT=0 LOG_FORMAT=text SEED_DATA=false DATA_DIR="$WORK/data" \
  "$IMAGE/bin/sluice-demo" >"$LOG" 2>&1 &
PID=$!
stop_demo() {
  if kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    wait "$PID" || true
  fi
}
trap stop_demo EXIT

URL=""
for _ in $(seq 1 240); do
  URL=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$LOG" | head -1 | sed 's/listening on //' || true)
  if [ -n "$URL" ] || ! kill -0 "$PID" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [ -z "$URL" ]; then
  echo "image check failed: the demo did not start; its log:" >&2
  cat "$LOG" >&2
  exit 1
fi
HEALTH=$(curl -fsS "$URL/health")
PAGE_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL/")
echo "GET $URL/health -> $HEALTH"
echo "GET $URL/ -> $PAGE_STATUS"
echo "runtime: $("$IMAGE/bin/java" -version 2>&1 | head -1)"
case "$HEALTH" in
  *UP*) ;;
  *) echo "image check failed: /health did not say UP" >&2; exit 1 ;;
esac
[ "$PAGE_STATUS" = 200 ] || { echo "image check failed: / answered $PAGE_STATUS" >&2; exit 1; }
stop_demo
trap - EXIT
rm -rf "$WORK"
echo "image check passed"
