#!/usr/bin/env bash
# Comparative benchmark on loopback: the same ~100-byte JSON response served
#   a) directly by nginx (the backend),
#   b) through nginx as a reverse proxy with upstream keep-alive,
#   c) through a stock Spring Cloud Gateway (two Weight routes, 75/25),
#   d) through Ficus (one route, weight 25 to modern, breakers on by default),
#   e) through the same Ficus with metrics and tracing switched off (observation overhead = 1 - d/e).
# Closed-loop max throughput (wrk) and fixed-rate latency (open model, ConstantRate.java), interleaved a,b,c,d per
# round; RSS at idle after warm-up and startup time for both JVMs. Writes load-tests/target/bench.md. Never fails on
# a number. Usage: bash load-tests/bench/run.sh   (about 20 minutes with the defaults on 2 cores)
#
# Knobs (environment): ROUNDS (2), WRK_SECONDS (15), WRK_THREADS (2), WRK_CONNECTIONS (64), RATES ("500 1000 2000"),
# RATE_SECONDS (10), WARMUP_SECONDS (60, per JVM target, then more until fewer than JIT_SETTLED (30) methods are
# compiled in 10 s, at most WARMUP_MAX_SECONDS (240)), LOAD_CPUS (0: load generator and backend nginx), TARGET_CPUS (1: the proxy
# under test), JVM_OPTS (the Dockerfile's flags), CDS (1: both gateways start from an extracted jar with a class data
# sharing archive made by a training run; 0: plain java -jar), AOT (1: instead of CDS, a JDK 25 AOT cache from a
# training run, as the Dockerfile does; needs GATEWAY_JAVA on JDK 24+), GATEWAY_JAVA (the java that runs both gateways
# and their training runs; default: java on the PATH), SKIP_BUILD=1 (existing jars).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/load-tests/bench"
# shellcheck source=common.sh
. "$BENCH/common.sh"
OUT="$ROOT/load-tests/target/bench"
REPORT="$ROOT/load-tests/target/bench.md"
ROUNDS=${ROUNDS:-2}
WRK_SECONDS=${WRK_SECONDS:-15}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
RATES=${RATES:-"500 1000 2000"}
RATE_SECONDS=${RATE_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
WARMUP_MAX_SECONDS=${WARMUP_MAX_SECONDS:-240}
JIT_SETTLED=${JIT_SETTLED:-30}
CPUS=$(nproc)
if [ "$CPUS" -ge 2 ]; then
  LOAD_CPUS=${LOAD_CPUS:-0}
  TARGET_CPUS=${TARGET_CPUS:-1}
else
  LOAD_CPUS=${LOAD_CPUS:-0}
  TARGET_CPUS=${TARGET_CPUS:-0}
fi
# The Dockerfile's flags (Serial GC, as the JVM's own ergonomics pick in the Kubernetes example's 768Mi pod), plus
# -XX:MaxRAM=768m, so heap and metaspace limits are sized as in that pod and not from the host's memory, and
# -XX:ActiveProcessorCount=<cores in TARGET_CPUS>: each gateway is measured pinned to those cores, so it sees as many
# CPUs as a pod with that CPU limit would (thread pools, event loops, compiler threads). Same flags for both JVMs.
TARGET_CPU_COUNT=$(cpu_count "$TARGET_CPUS")
JVM_OPTS=${JVM_OPTS:-"-XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -Xms64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=$TARGET_CPU_COUNT"}
CDS=${CDS:-1}
AOT=${AOT:-0}
GATEWAY_JAVA=${GATEWAY_JAVA:-java}

BACKEND_LEGACY=19081
BACKEND_MODERN=19082
NGINX_PROXY_PORT=19090
SCG_PORT=19100
FICUS_PORT=19110
FICUS_MANAGEMENT_PORT=19111
BARE_PORT=19120
BARE_MANAGEMENT_PORT=19121
# Row (e): every observability switch a user has, off: tracing (recording and propagation), the HTTP server/client
# observations behind http.server.requests and the gateway's client spans, and the ficus.* meters.
BARE_ARGS="--management.tracing.enabled=false --management.observations.enable.http=false --spring.cloud.gateway.server.webflux.observability.enabled=false --management.metrics.enable.ficus=false"
PATH_UNDER_TEST=/survey/1

declare -A URL=(
  [a]="http://127.0.0.1:$BACKEND_LEGACY$PATH_UNDER_TEST"
  [b]="http://127.0.0.1:$NGINX_PROXY_PORT$PATH_UNDER_TEST"
  [c]="http://127.0.0.1:$SCG_PORT$PATH_UNDER_TEST"
  [d]="http://127.0.0.1:$FICUS_PORT$PATH_UNDER_TEST"
  [e]="http://127.0.0.1:$BARE_PORT$PATH_UNDER_TEST"
)
declare -A NAME=([a]="direct (nginx backend)" [b]="nginx reverse proxy" [c]="stock Spring Cloud Gateway" [d]="Ficus" [e]="Ficus, metrics and tracing off")
TARGETS="a b c d e"
declare -A PID_OF=()   # target -> gateway process, for CPU time per request

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

for tool in nginx wrk java javac jstat curl taskset awk; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y nginx wrk util-linux curl)" >&2; exit 1; }
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for dir in "$OUT/nginx-backend" "$OUT/nginx-proxy"; do
    [ -f "$dir/nginx.pid" ] && nginx -p "$dir" -c "$dir/nginx.conf" -s stop 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $BACKEND_LEGACY $BACKEND_MODERN $NGINX_PROXY_PORT $SCG_PORT $FICUS_PORT $FICUS_MANAGEMENT_PORT $BARE_PORT \
    $BARE_MANAGEMENT_PORT; do
  port_free "$port" || { echo "port $port is in use; stop whatever listens there" >&2; exit 1; }
done

rm -rf "$OUT"; mkdir -p "$OUT"

# ---------------------------------------------------------------- build
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building Ficus (mvn -B -q -DskipTests package) and the stock SCG baseline"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  mvn -B -q -f "$BENCH/scg-baseline/pom.xml" -DskipTests package
fi
FICUS_JAR="$ROOT/gateway/target/ficus-gateway.jar"
SCG_JAR="$BENCH/scg-baseline/target/scg-baseline.jar"
javac -d "$OUT/loadgen" "$BENCH/loadgen/ConstantRate.java"

# ---------------------------------------------------------------- nginx: backend (a) and reverse proxy (b)
nginx_backend "$OUT/nginx-backend" "$BACKEND_LEGACY" "$BACKEND_MODERN"
mkdir -p "$OUT/nginx-proxy"
{
  nginx_common "$OUT/nginx-proxy"
  cat <<CONF
  upstream backend {
    server 127.0.0.1:$BACKEND_LEGACY weight=3;
    server 127.0.0.1:$BACKEND_MODERN weight=1;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PROXY_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
} >"$OUT/nginx-proxy/nginx.conf"
log "starting nginx backend (cpu $LOAD_CPUS) and nginx proxy (cpu $TARGET_CPUS)"
taskset -c "$LOAD_CPUS" nginx -p "$OUT/nginx-backend" -c "$OUT/nginx-backend/nginx.conf"
taskset -c "$TARGET_CPUS" nginx -p "$OUT/nginx-proxy" -c "$OUT/nginx-proxy/nginx.conf"

# ---------------------------------------------------------------- JVM gateways (c) and (d)
ficus_routes "$OUT/ficus-routes.yaml" "$BACKEND_LEGACY" "$BACKEND_MODERN"

# wait_ready NAME URL START_NANOS PID -> prints milliseconds from process start to the first 200 on the route
wait_ready() {
  local deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$4" 2>/dev/null || { echo "$1 exited during startup, see $OUT/$1.log" >&2; exit 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$2" 2>/dev/null)" = 200 ]; then
      echo $(( ($(date +%s%N) - $3) / 1000000 ))
      return
    fi
    sleep 0.02
  done
  echo "$1 not ready after 120 s, see $OUT/$1.log" >&2; exit 1
}
spring_started() { sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$1" | head -1; }

# prepare_jar NAME JAR URL -> the java arguments that start it (URL: where the AOT training run is sent requests). With CDS=1, as in the Dockerfile: extract the jar
# (Spring Boot's tools jarmode), run it once until the context has refreshed to record the classes it loads into a
# CDS archive, and start from the extracted jar with that archive. The training run sees the same environment.
prepare_jar() {
  if [ "$CDS" != 1 ] && [ "$AOT" != 1 ]; then echo "-jar $2"; return; fi
  local dir="$OUT/$1-app" jar
  jar=$(basename "$2")
  java -Djarmode=tools -jar "$2" extract --destination "$dir" >/dev/null
  # Archive and cache record the class path as written: train and run with the same absolute jar path.
  if [ "$AOT" = 1 ]; then
    # as the Dockerfile: the training run serves 500 requests on the route before it stops (gateway/aot-training.sh)
    FICUS_STATE_DIR="$dir/training-state" taskset -c "$TARGET_CPUS" bash "$ROOT/gateway/aot-training.sh" "$dir/app.aot" \
      "$3" 500 "$GATEWAY_JAVA" $JVM_OPTS -jar "$dir/$jar" >"$OUT/$1-aot-training.log" 2>&1 \
      || { echo "AOT training run of $1 failed, see $OUT/$1-aot-training.log" >&2; exit 1; }
    # -XX:AOTMode=on: fail at start rather than silently run without the cache
    echo "-XX:AOTMode=on -XX:AOTCache=$dir/app.aot -jar $dir/$jar"
    return
  fi
  taskset -c "$TARGET_CPUS" "$GATEWAY_JAVA" $JVM_OPTS -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dir/$jar" >"$OUT/$1-cds-training.log" 2>&1 || { echo "CDS training run of $1 failed, see $OUT/$1-cds-training.log" >&2; exit 1; }
  # -Xshare:on: fail at start rather than silently run without the archive
  echo "-Xshare:on -XX:SharedArchiveFile=$dir/app.jsa -jar $dir/$jar"
}
export BENCH_SCG_PORT=$SCG_PORT BENCH_LEGACY="http://127.0.0.1:$BACKEND_LEGACY" BENCH_MODERN="http://127.0.0.1:$BACKEND_MODERN"
# One event loop per core the gateway is pinned to (ficus.event-loops; Reactor Netty's default would be 4).
export FICUS_ROUTES_FILE="$OUT/ficus-routes.yaml" FICUS_PORT=$FICUS_PORT FICUS_MANAGEMENT_PORT=$FICUS_MANAGEMENT_PORT \
  FICUS_STATE_DIR="$OUT/ficus-state" FICUS_EVENT_LOOPS=$TARGET_CPU_COUNT
[ "$CDS" = 1 ] || [ "$AOT" = 1 ] && log "extracting both jars and recording a $([ "$AOT" = 1 ] && echo "JDK AOT cache" || echo "class data sharing archive") for each (training run)"
SCG_START=$(prepare_jar scg "$SCG_JAR" "${URL[c]}")
FICUS_START=$(prepare_jar ficus "$FICUS_JAR" "${URL[d]}")
rm -rf "$OUT/ficus-state"

# Startup is measured on all cores (the target is "on 2 cores"); once it answers, every thread of the gateway is
# moved to the target cpu for the load phase (the JVM sized its thread pools for -XX:ActiveProcessorCount CPUs).
log "starting stock SCG (all cpus, then cpu $TARGET_CPUS): java $JVM_OPTS $SCG_START"
start=$(date +%s%N)
"$GATEWAY_JAVA" $JVM_OPTS $SCG_START >"$OUT/scg.log" 2>&1 &
SCG_PID=$!; PIDS+=("$SCG_PID")
SCG_READY_MS=$(wait_ready scg "${URL[c]}" "$start" "$SCG_PID")
taskset -a -p -c "$TARGET_CPUS" "$SCG_PID" >/dev/null
PID_OF[c]=$SCG_PID

log "starting Ficus (all cpus, then cpu $TARGET_CPUS): java $JVM_OPTS $FICUS_START"
start=$(date +%s%N)
"$GATEWAY_JAVA" $JVM_OPTS $FICUS_START >"$OUT/ficus.log" 2>&1 &
FICUS_PID=$!; PIDS+=("$FICUS_PID")
FICUS_READY_MS=$(wait_ready ficus "${URL[d]}" "$start" "$FICUS_PID")
taskset -a -p -c "$TARGET_CPUS" "$FICUS_PID" >/dev/null
PID_OF[d]=$FICUS_PID

log "starting Ficus with metrics and tracing off (cpu $TARGET_CPUS): $BARE_ARGS"
FICUS_PORT=$BARE_PORT FICUS_MANAGEMENT_PORT=$BARE_MANAGEMENT_PORT FICUS_STATE_DIR="$OUT/ficus-bare-state" \
  taskset -c "$TARGET_CPUS" "$GATEWAY_JAVA" $JVM_OPTS $FICUS_START $BARE_ARGS >"$OUT/ficus-bare.log" 2>&1 &
BARE_PID=$!; PIDS+=("$BARE_PID"); PID_OF[e]=$BARE_PID
wait_ready ficus-bare "${URL[e]}" "$(date +%s%N)" "$BARE_PID" >/dev/null

# ---------------------------------------------------------------- measurement helpers
RESULTS="$OUT/results.tsv"   # kind round target metric value
: >"$RESULTS"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system time of a process, in clock ticks
CLK_TCK=$(getconf CLK_TCK)
run_wrk() { # target seconds -> requests/s; for the JVM targets also the gateway's CPU time per request into $OUT/cpu-$1
  local pid=${PID_OF[$1]:-} c0=0
  [ -n "$pid" ] && c0=$(cpu_ticks "$pid")
  taskset -c "$LOAD_CPUS" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$2"s "${URL[$1]}" >"$OUT/wrk-$1.txt" 2>&1 || true
  local rps non2xx requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$1.txt")
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1.txt")
  if [ -n "$pid" ] && [ "${requests:-0}" -gt 0 ]; then
    awk -v c="$(( $(cpu_ticks "$pid") - c0 ))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN {printf "%.1f", c / t * 1e6 / r}' >"$OUT/cpu-$1"
  fi
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket-errors"}' "$OUT/wrk-$1.txt" | head -1)
  [ -n "$non2xx" ] && log "  $1: wrk reported errors: $non2xx (see $OUT/wrk-$1.txt)"
  echo "${rps:-0}"
}
run_rate() { # target rate -> the ConstantRate line
  taskset -c "$LOAD_CPUS" java -XX:+UseSerialGC -cp "$OUT/loadgen" ConstantRate "${URL[$1]}" "$2" "$RATE_SECONDS" 3 2>&1 | tail -1
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# ---------------------------------------------------------------- warm-up
# A fixed warm-up is not enough on one core: measured on 2026-12-03 with JDK 17, both gateways kept the C2 compiler
# busy for 80–100 s of full load (CPU per request still falling 3x), so a 45 s warm-up measured the compilers too.
# Each JVM is loaded in 10 s steps for at least WARMUP_SECONDS and then until a step compiles fewer than JIT_SETTLED
# methods (jstat), at most WARMUP_MAX_SECONDS.
compiled() { jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 {print $1}'; }
warm_up() { # target
  local pid=${PID_OF[$1]} waited=0 before after
  before=$(compiled "$pid")
  while :; do
    run_wrk "$1" 10 >/dev/null
    waited=$((waited + 10)); after=$(compiled "$pid")
    if [ "$waited" -ge "$WARMUP_SECONDS" ] && [ $((after - before)) -lt "$JIT_SETTLED" ]; then
      log "  $1 warm after ${waited}s ($after methods compiled, $((after - before)) in the last 10 s)"; break
    fi
    if [ "$waited" -ge "$WARMUP_MAX_SECONDS" ]; then
      log "  $1 still compiling after ${waited}s ($((after - before)) methods in the last 10 s); measuring anyway"; break
    fi
    before=$after
  done
  echo "$waited" >"$OUT/warmup-$1"
}
log "warm-up: each JVM target at least ${WARMUP_SECONDS}s of wrk, then until its JIT has settled"
for t in c d e; do   # the JVMs; nginx needs no warm-up
  warm_up "$t"
done
sleep 5
SCG_RSS=$(rss_mb "$SCG_PID"); FICUS_RSS=$(rss_mb "$FICUS_PID")
log "idle RSS after warm-up: SCG ${SCG_RSS} MB, Ficus ${FICUS_RSS} MB"

# ---------------------------------------------------------------- measured rounds, interleaved a,b,c,d
for round in $(seq 1 "$ROUNDS"); do
  for t in $TARGETS; do
    rps=$(run_wrk "$t" "$WRK_SECONDS")
    log "round $round wrk $t: $rps req/s"
    printf 'wrk\t%s\t%s\trps\t%s\n' "$round" "$t" "$rps" >>"$RESULTS"
    [ -f "$OUT/cpu-$t" ] && printf 'wrk\t%s\t%s\tcpu_us\t%s\n' "$round" "$t" "$(cat "$OUT/cpu-$t")" >>"$RESULTS" && rm "$OUT/cpu-$t"
  done
  for rate in $RATES; do
    for t in $TARGETS; do
      line=$(run_rate "$t" "$rate")
      log "round $round rate $rate $t: $line"
      for m in p50_ms p99_ms p999_ms errors; do
        printf 'rate%s\t%s\t%s\t%s\t%s\n' "$rate" "$round" "$t" "$m" "$(field "$m" "$line")" >>"$RESULTS"
      done
    done
  done
done

# ---------------------------------------------------------------- report
mean() { awk -F'\t' -v k="$1" -v t="$2" -v m="$3" '$1==k && $3==t && $4==m && $5!="" {s+=$5; n++}
  END {if (n) printf "%.3f", s/n; else printf "nan"}' "$RESULTS"; }
worst() { awk -F'\t' -v k="$1" -v t="$2" -v m="$3" '$1==k && $3==t && $4==m && $5!="" {if ($5>w) w=$5; n++}
  END {if (n) printf "%.3f", w; else printf "nan"}' "$RESULTS"; }
each() { awk -F'\t' -v k="$1" -v t="$2" -v m="$3" '$1==k && $3==t && $4==m {printf "%s%.0f", (n++ ? ", " : ""), $5}' "$RESULTS"; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN {if (y+0 > 0) printf "%.2f", x/y; else printf "n/a"}'; }
sub_ms() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.3f", x-y}'; }
verdict() { if awk -v x="$1" -v op="$2" -v y="$3" 'BEGIN {exit !((op=="ge" && x>=y) || (op=="le" && x<=y))}'; then echo met; else echo "**not met**"; fi; }

SCG_STARTED=$(spring_started "$OUT/scg.log"); FICUS_STARTED=$(spring_started "$OUT/ficus.log")
{
  echo "# Ficus benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $CPUS cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Gateways' JDK: $("$GATEWAY_JAVA" -version 2>&1 | head -1). JVM flags for both gateways: \`$JVM_OPTS\`; start-up archive from a training run: $([ "$AOT" = 1 ] && echo "JDK AOT cache" || { [ "$CDS" = 1 ] && echo "CDS archive" || echo none; })."
  echo "Pinning: load generator (wrk, ConstantRate) and the backend nginx on cpu $LOAD_CPUS; the proxy under test on cpu $TARGET_CPUS."
  echo "Row e runs the same Ficus jar with \`$BARE_ARGS\`."
  echo "$ROUNDS rounds, interleaved a,b,c,d,e; wrk \`-t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s\`; fixed rates ${RATE_SECONDS}s each, latency from the intended send time."
  echo
  echo "## Closed-loop throughput (wrk)"
  echo
  echo "| target | req/s per round | mean req/s | × direct (a) | × stock SCG (c) | gateway CPU µs per request (mean) | CPU per request × stock SCG |"
  echo "|---|---|---|---|---|---|---|"
  for t in $TARGETS; do
    m=$(mean wrk "$t" rps)
    cpu=$(mean wrk "$t" cpu_us)
    echo "| $t) ${NAME[$t]} | $(each wrk "$t" rps) | ${m%.*} | $(ratio "$m" "$(mean wrk a rps)") | $(ratio "$m" "$(mean wrk c rps)") | ${cpu/nan/–} | $([ "$cpu" = nan ] && echo – || ratio "$cpu" "$(mean wrk c cpu_us)") |"
  done
  echo
  echo "CPU time per request (user + system time the gateway process used during the wrk run, over the requests"
  echo "served) is the figure to trust on a shared machine: throughput moves with whatever else runs, CPU per request"
  echo "much less. Its ratio to the stock SCG is the throughput ratio the gateway would reach on a core of its own."
  for rate in $RATES; do
    echo
    echo "## Fixed rate $rate req/s (mean over rounds; ms)"
    echo
    echo "| target | p50 | p99 | p99.9 | p99 added over direct | p99 × stock SCG (c) | errors (worst round) |"
    echo "|---|---|---|---|---|---|---|"
    for t in $TARGETS; do
      p99=$(mean "rate$rate" "$t" p99_ms)
      echo "| $t) ${NAME[$t]} | $(mean "rate$rate" "$t" p50_ms) | $p99 | $(mean "rate$rate" "$t" p999_ms) | $(sub_ms "$p99" "$(mean "rate$rate" a p99_ms)") | $(ratio "$p99" "$(mean "rate$rate" c p99_ms)") | $(worst "rate$rate" "$t" errors | cut -d. -f1) |"
    done
  done
  echo
  echo "## JVM footprint"
  echo
  echo "| gateway | RSS idle after warm-up (MB) | process start → first 200 on the route (ms) | Spring \"Started … in\" (s) |"
  echo "|---|---|---|---|"
  echo "| stock Spring Cloud Gateway | $SCG_RSS | $SCG_READY_MS | ${SCG_STARTED:-?} |"
  echo "| Ficus | $FICUS_RSS | $FICUS_READY_MS | ${FICUS_STARTED:-?} |"
  echo
  echo "## Targets"
  echo
  d_rps=$(mean wrk d rps); c_rps=$(mean wrk c rps)
  added=$(sub_ms "$(mean rate1000 d p99_ms)" "$(mean rate1000 a p99_ms)")
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  echo "| Ficus throughput ≥ 1.0 × stock SCG | $(ratio "$d_rps" "$c_rps") × | $(verdict "$(ratio "$d_rps" "$c_rps")" ge 1.0) |"
  if [[ " $RATES " == *" 1000 "* ]]; then
    if awk -v x="$(mean rate1000 a p99_ms)" 'BEGIN {exit !(x > 5)}'; then
      v="not measurable: direct p99 is $(mean rate1000 a p99_ms) ms, so the generator or the machine was saturated"
    else
      v=$(verdict "$added" le 1.0)
    fi
    echo "| Ficus p99 added over direct ≤ 1 ms at 1,000 req/s | $added ms | $v |"
  fi
  echo "| Ficus RSS ≤ 300 MB at idle | $FICUS_RSS MB | $(verdict "$FICUS_RSS" le 300) |"
  e_rps=$(mean wrk e rps)
  echo "| Ficus CPU per request ≤ 1.0 × stock SCG (same target, steadier figure) | $(ratio "$(mean wrk d cpu_us)" "$(mean wrk c cpu_us)") × | $(verdict "$(ratio "$(mean wrk d cpu_us)" "$(mean wrk c cpu_us)")" le 1.0) |"
  echo "| (no target) CPU cost of metrics and tracing per request, d/e − 1 | $(awk -v d="$(mean wrk d cpu_us)" -v e="$(mean wrk e cpu_us)" 'BEGIN {if (e > 0) printf "+%.0f %%", 100 * (d / e - 1); else printf "n/a"}') | measured |"
  echo "| (no target) throughput cost of metrics and tracing, 1 − d/e | $(awk -v d="$d_rps" -v e="$e_rps" 'BEGIN {if (e > 0) printf "%.1f %%", 100 * (1 - d / e); else printf "n/a"}') | measured |"
  echo "| Ficus startup ≤ 3 s (start → first 200) | $(awk -v x="$FICUS_READY_MS" 'BEGIN {printf "%.2f", x/1000}') s | $(verdict "$FICUS_READY_MS" le 3000) |"
  echo
  echo "The direct row (a) is the check on the load generator itself: nginx answers a static body in well under a"
  echo "millisecond, so a direct p99 of more than a few milliseconds means the generator's core was saturated (another"
  echo "build, too high a rate) and the latency tables of that run say nothing about the gateways."
  echo
  echo "Raw numbers: \`load-tests/target/bench/results.tsv\`; logs next to it."
} >"$REPORT"
log "report: $REPORT"
cat "$REPORT"
