#!/usr/bin/env bash
# Startup benchmark: process start -> first 200 on a proxied route, for Ficus and the stock Spring Cloud Gateway
# baseline, each started as the image can start it:
#   jdk17-plain  java -jar on JDK 17
#   jdk17-cds    extracted jar + class data sharing archive from a training run (the Dockerfile's default)
#   jdk25-aot    extracted jar + JDK 25 AOT cache (JEP 483/514: classes loaded and linked ahead of time) from a
#                training run (-XX:AOTCacheOutput), when a JDK 25 is found (JAVA25_HOME)
# STARTS runs per gateway and mode, interleaved (mode by mode, Ficus then SCG), all cores, same JVM flags for both.
# Writes load-tests/target/startup.md; never fails on a number.
# Usage: bash load-tests/bench/startup.sh   (about 3 minutes on 2 cores with the defaults; needs nginx and curl)
# Knobs: STARTS (5), MODES ("jdk17-plain jdk17-cds jdk25-aot"), JVM_OPTS (as run.sh), JAVA25_HOME, SKIP_BUILD=1,
# AOT_TRAINING (requests: the AOT training run serves 500 requests, as the Dockerfile's; refresh: it exits once the
# context has refreshed, as before 2026-12-03).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/load-tests/bench"
# shellcheck source=common.sh
. "$BENCH/common.sh"
OUT="$ROOT/load-tests/target/startup"
REPORT="$ROOT/load-tests/target/startup.md"
STARTS=${STARTS:-5}
MODES=${MODES:-"jdk17-plain jdk17-cds jdk25-aot"}
AOT_TRAINING=${AOT_TRAINING:-requests}
JVM_OPTS=${JVM_OPTS:-"-XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -Xms64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
JAVA17=${JAVA17:-java}
JAVA25_HOME=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1 || true)}
BACKEND=19281
SCG_PORT=19200
FICUS_PORT=19210
FICUS_MANAGEMENT_PORT=19211

log() { printf '[startup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
for tool in nginx curl java; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y nginx curl)" >&2; exit 1; }
done
if [[ " $MODES " == *" jdk25-aot "* ]] && [ ! -x "$JAVA25_HOME/bin/java" ]; then
  log "no JDK 25 found (set JAVA25_HOME): skipping jdk25-aot"
  MODES=${MODES//jdk25-aot/}
fi

rm -rf "$OUT"; mkdir -p "$OUT/nginx"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$OUT/nginx/nginx.pid" ] && nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -s stop 2>/dev/null || true
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building Ficus (mvn -B -q -DskipTests package) and the stock SCG baseline"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  mvn -B -q -f "$BENCH/scg-baseline/pom.xml" -DskipTests package
fi
declare -A JAR=([ficus]="$ROOT/gateway/target/ficus-gateway.jar" [scg]="$BENCH/scg-baseline/target/scg-baseline.jar")
declare -A URL=([ficus]="http://127.0.0.1:$FICUS_PORT/survey/1" [scg]="http://127.0.0.1:$SCG_PORT/survey/1")

nginx_backend "$OUT/nginx" "$BACKEND"
nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf"
ficus_routes "$OUT/ficus-routes.yaml" "$BACKEND" "$BACKEND"
export BENCH_SCG_PORT=$SCG_PORT BENCH_LEGACY="http://127.0.0.1:$BACKEND" BENCH_MODERN="http://127.0.0.1:$BACKEND"
export FICUS_ROUTES_FILE="$OUT/ficus-routes.yaml" FICUS_PORT=$FICUS_PORT FICUS_MANAGEMENT_PORT=$FICUS_MANAGEMENT_PORT

java_of() { case $1 in jdk25-*) echo "$JAVA25_HOME/bin/java" ;; *) echo "$JAVA17" ;; esac; }

# prepare GATEWAY MODE -> the arguments after the java command. The CDS training run exits once the context has
# refreshed (-Dspring.context.exit=onRefresh); the AOT one serves 500 requests on the route first, as in the
# Dockerfile (AOT_TRAINING=refresh: exit on refresh too). Archives record the jar path: train and run from the same
# absolute path.
prepare() {
  local gw=$1 mode=$2 dir="$OUT/$1-$2" java jar record use
  java=$(java_of "$mode")
  jar=$(basename "${JAR[$gw]}")
  case $mode in
    jdk17-plain) echo "-jar ${JAR[$gw]}"; return ;;
    jdk17-cds) record="-XX:ArchiveClassesAtExit=$dir/app.jsa"; use="-Xshare:on -XX:SharedArchiveFile=$dir/app.jsa" ;;
    jdk25-aot) record="-XX:AOTCacheOutput=$dir/app.aot"; use="-XX:AOTCache=$dir/app.aot -XX:AOTMode=on" ;;
  esac
  java -Djarmode=tools -jar "${JAR[$gw]}" extract --destination "$dir" >/dev/null
  if [ "$mode" = jdk25-aot ] && [ "$AOT_TRAINING" = requests ]; then
    # as the Dockerfile: the training run serves requests before it stops (gateway/aot-training.sh)
    FICUS_STATE_DIR="$dir/training-state" bash "$ROOT/gateway/aot-training.sh" "$dir/app.aot" "${URL[$gw]}" 500 \
      "$java" $JVM_OPTS -jar "$dir/$jar" >"$dir-training.log" 2>&1 \
      || { echo "training run failed: $dir-training.log" >&2; exit 1; }
  else
    FICUS_STATE_DIR="$dir/training-state" "$java" $JVM_OPTS "$record" -Dspring.context.exit=onRefresh \
      -jar "$dir/$jar" >"$dir-training.log" 2>&1 || { echo "training run failed: $dir-training.log" >&2; exit 1; }
  fi
  echo "$use -jar $dir/$jar"
}

# start_once GATEWAY MODE ARGS -> "ms_to_first_200 spring_started_seconds"
start_once() {
  local gw=$1 mode=$2 args=$3 java log="$OUT/$1-$2-run.log" start pid
  java=$(java_of "$mode")
  rm -rf "$OUT/state"
  start=$(date +%s%N)
  FICUS_STATE_DIR="$OUT/state" "$java" $JVM_OPTS $args >"$log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  local deadline=$((SECONDS + 120))
  while [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL[$gw]}" 2>/dev/null)" != 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "$gw ($mode) exited during startup, see $log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$gw ($mode) not ready after 120 s, see $log" >&2; exit 1; }
    sleep 0.01
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local started i
  # the first 200 can come before Spring logs "Started ... in" (the port opens first): wait up to 2 s for the line
  for i in $(seq 1 40); do
    started=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)
    [ -n "$started" ] && break
    sleep 0.05
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms ${started:-nan}"
}

RESULTS="$OUT/results.tsv"; : >"$RESULTS"
declare -A ARGS=()
for mode in $MODES; do
  for gw in ficus scg; do
    log "preparing $gw $mode"
    ARGS[$gw-$mode]=$(prepare "$gw" "$mode")
  done
done
for i in $(seq 1 "$STARTS"); do
  for mode in $MODES; do
    for gw in ficus scg; do
      read -r ms started < <(start_once "$gw" "$mode" "${ARGS[$gw-$mode]}")
      log "start $i $gw $mode: ${ms} ms to first 200 (Spring: ${started} s)"
      printf '%s\t%s\t%s\t%s\n' "$gw" "$mode" "$ms" "$started" >>"$RESULTS"
    done
  done
done

stat() { # gateway mode column -> "median (min–max)"
  awk -F'\t' -v g="$1" -v m="$2" -v c="$3" '$1==g && $2==m {print $c}' "$RESULTS" | sort -n | awk '
    {v[NR]=$1} END {if (!NR) {print "n/a"; exit}
      med = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
      printf "%s (%s–%s)", med, v[1], v[NR]}'
}
{
  echo "# Startup: process start → first 200 on a proxied route"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "JVM flags for both gateways: \`$JVM_OPTS\`. $STARTS starts per gateway and mode, interleaved; median (min–max)."
  echo "JDK 17: $($JAVA17 -version 2>&1 | head -1). JDK 25: $([ -x "$JAVA25_HOME/bin/java" ] && "$JAVA25_HOME/bin/java" -version 2>&1 | head -1 || echo none)."
  echo
  echo "| mode | Ficus: ms to first 200 | Ficus: Spring \"Started in\" (s) | stock SCG: ms to first 200 | stock SCG: Spring (s) |"
  echo "|---|---|---|---|---|"
  for mode in $MODES; do
    echo "| $mode | $(stat ficus "$mode" 3) | $(stat ficus "$mode" 4) | $(stat scg "$mode" 3) | $(stat scg "$mode" 4) |"
  done
} >"$REPORT"
cat "$REPORT"
