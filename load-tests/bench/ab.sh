#!/usr/bin/env bash
# Paired A/B of gateway CPU time per request: two (or more) gateway jars started with the same flags, pinned to the
# same core, warmed up, then measured interleaved A, B, A, B, ... at a fixed request rate (open model, ConstantRate)
# and, optionally, closed-loop with wrk. Reports per-jar medians and min–max of CPU µs per request (user + system
# time of the gateway process over the requests it served). Much shorter than run.sh; for comparing two builds on a
# shared machine, where absolute numbers drift but interleaved pairs stay comparable.
#
# Usage: JARS="base=/tmp/a.jar new=gateway/target/ficus-gateway.jar" bash load-tests/bench/ab.sh
#   RATE=0 skips the fixed-rate runs, WRK_SECONDS=0 the closed-loop ones.
#   ALLOC=1 (default): bytes allocated per request (JFR jdk.ThreadAllocationStatistics at the start and end of each
#   wrk run; steadier than CPU time on a shared machine).
#   ARGS_<label>="--x=y ..." adds arguments to one Ficus jar's command line (the same jar can run twice under two labels),
#   JVM_ARGS_<label>="-Dx=y ..." JVM options.
#   A jar whose label starts with "scg" is started as the stock SCG baseline (its own env), others as Ficus.
# Knobs: ROUNDS (5), RATE (1500 req/s), RATE_SECONDS (10), WRK_SECONDS (0: no closed-loop runs), WARMUP_SECONDS (100),
#   LOAD_CPUS (0), TARGET_CPUS (1), JVM_OPTS (run.sh's), EXTRA_ARGS (appended to every Ficus command line),
#   JFR=1 (one JFR profile per jar over one extra wrk run of JFR_SECONDS (20) with JFR_SETTINGS (profile), in
#   $OUT/<label>.jfr), ASPROF (async-profiler's library: a CPU profile per jar, see below), PORT_BASE (29000).
#   Like run.sh, each JVM starts on all cores and is then pinned.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BENCH="$ROOT/load-tests/bench"
# shellcheck source=common.sh
. "$BENCH/common.sh"
OUT=${OUT:-"$ROOT/load-tests/target/ab"}
ROUNDS=${ROUNDS:-5}
RATE=${RATE:-1500}
RATE_SECONDS=${RATE_SECONDS:-10}
WRK_SECONDS=${WRK_SECONDS:-0}
WARMUP_SECONDS=${WARMUP_SECONDS:-100}   # one core: C2 keeps compiling for 80-100 s of full load
LOAD_CPUS=${LOAD_CPUS:-0}
TARGET_CPUS=${TARGET_CPUS:-1}
TARGET_CPU_COUNT=$(cpu_count "$TARGET_CPUS")
JVM_OPTS=${JVM_OPTS:-"-XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -Xms64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=$TARGET_CPU_COUNT"}
EXTRA_ARGS=${EXTRA_ARGS:-}
PORT_BASE=${PORT_BASE:-29000}
JARS=${JARS:?'JARS="label=path label=path ..."'}
BACKEND_LEGACY=$((PORT_BASE + 81))
BACKEND_MODERN=$((PORT_BASE + 82))
PATH_UNDER_TEST=/survey/1

log() { printf '[ab %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

rm -rf "$OUT"; mkdir -p "$OUT/nginx"
javac -d "$OUT/loadgen" "$BENCH/loadgen/ConstantRate.java"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$OUT/nginx/nginx.pid" ] && nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -s stop 2>/dev/null || true
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

nginx_backend "$OUT/nginx" "$BACKEND_LEGACY" "$BACKEND_MODERN"
taskset -c "$LOAD_CPUS" nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf"

ficus_routes "$OUT/ficus-routes.yaml" "$BACKEND_LEGACY" "$BACKEND_MODERN"

declare -A PID_OF=() URL_OF=()
LABELS=()
i=0
for spec in $JARS; do
  label=${spec%%=*}; jar=${spec#*=}
  port=$((PORT_BASE + 10 * i + 10)); mgmt=$((port + 1)); i=$((i + 1))
  jfr=""
  [ "${JFR:-0}" = 1 ] && jfr="-XX:+FlightRecorder -XX:FlightRecorderOptions:stackdepth=512"
  args_var="ARGS_$label"; args=${!args_var:-}
  jvm_args_var="JVM_ARGS_$label"; jvm_args=${!jvm_args_var:-}
  if [[ $label == scg* ]]; then
    BENCH_SCG_PORT=$port BENCH_LEGACY="http://127.0.0.1:$BACKEND_LEGACY" BENCH_MODERN="http://127.0.0.1:$BACKEND_MODERN" \
      java $JVM_OPTS $jfr -jar "$jar" >"$OUT/$label.log" 2>&1 &
  else
    FICUS_ROUTES_FILE="$OUT/ficus-routes.yaml" FICUS_PORT=$port FICUS_MANAGEMENT_PORT=$mgmt FICUS_EVENT_LOOPS=$TARGET_CPU_COUNT \
      FICUS_STATE_DIR="$OUT/$label-state" java $JVM_OPTS $jfr $jvm_args -jar "$jar" $EXTRA_ARGS ${args} \
      >"$OUT/$label.log" 2>&1 &
  fi
  PID_OF[$label]=$!; PIDS+=("$!"); URL_OF[$label]="http://127.0.0.1:$port$PATH_UNDER_TEST"; LABELS+=("$label")
  log "started $label (pid $!) on $port: $jar"
done
for label in "${LABELS[@]}"; do
  deadline=$((SECONDS + 180))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL_OF[$label]}" 2>/dev/null)" = 200 ]; do
    kill -0 "${PID_OF[$label]}" 2>/dev/null || { echo "$label exited, see $OUT/$label.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$label not ready" >&2; exit 1; }
    sleep 0.2
  done
  # as run.sh: started on all cores (thread pools sized for them), then every thread moved to the target cpu
  taskset -a -p -c "$TARGET_CPUS" "${PID_OF[$label]}" >/dev/null
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
RESULTS="$OUT/results.tsv"; : >"$RESULTS"

measure_rate() { # label round
  local pid=${PID_OF[$1]} c0 c1 line ok
  c0=$(cpu_ticks "$pid")
  line=$(taskset -c "$LOAD_CPUS" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$OUT/loadgen" ConstantRate \
    "${URL_OF[$1]}" "$RATE" "$RATE_SECONDS" 0 32 2>&1 | tail -1)
  c1=$(cpu_ticks "$pid")
  ok=$(sed -n 's/.*\bsent=\([0-9]*\).*/\1/p' <<<"$line")
  awk -v c=$((c1 - c0)) -v t="$CLK_TCK" -v r="${ok:-0}" -v l="$1" -v n="$2" -v line="$line" \
    'BEGIN {if (r > 0) printf "rate\t%s\t%s\t%.1f\t%s\n", n, l, c / t * 1e6 / r, line}' >>"$RESULTS"
  tail -1 "$RESULTS" | cut -f1-4 >&2
}
measure_wrk() { # label round
  local pid=${PID_OF[$1]} c0 c1 requests rps
  # bytes allocated per thread at the start and the end of the run (one JFR event each), read by alloc_per_request
  [ "${ALLOC:-1}" = 1 ] && jcmd "$pid" JFR.start name=alloc settings="$BENCH/alloc.jfc" >/dev/null
  c0=$(cpu_ticks "$pid")
  taskset -c "$LOAD_CPUS" wrk -t2 -c64 -d"$WRK_SECONDS"s "${URL_OF[$1]}" >"$OUT/wrk-$1.txt" 2>&1 || true
  c1=$(cpu_ticks "$pid")
  [ "${ALLOC:-1}" = 1 ] && jcmd "$pid" JFR.stop name=alloc filename="$OUT/alloc-$1-$2.jfr" >/dev/null
  cp "$OUT/wrk-$1.txt" "$OUT/wrk-$1-$2.txt"
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1.txt")
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$1.txt")
  awk -v c=$((c1 - c0)) -v t="$CLK_TCK" -v r="${requests:-0}" -v l="$1" -v n="$2" -v rps="$rps" \
    'BEGIN {if (r > 0) printf "wrk\t%s\t%s\t%.1f\trps=%s\n", n, l, c / t * 1e6 / r, rps}' >>"$RESULTS"
  tail -1 "$RESULTS" | cut -f1-5 >&2
}

thread_ticks() { # pid -> "comm ticks" per thread, summed by name with digits folded
  for t in /proc/$1/task/*; do
    sed -e 's/^[0-9]* (\(.*\)) [A-Z] /\1\t/' "$t/stat" 2>/dev/null | awk -F'\t' '{split($2, f, " "); n=$1; gsub(/[0-9]+/, "N", n); print n "\t" f[12] + f[13]}'
  done | awk -F'\t' '{s[$1]+=$2} END {for (k in s) print k "\t" s[k]}'
}
log "warm-up: ${WARMUP_SECONDS}s wrk per jar"
for label in "${LABELS[@]}"; do
  taskset -c "$LOAD_CPUS" wrk -t2 -c32 -d"$WARMUP_SECONDS"s "${URL_OF[$label]}" >/dev/null 2>&1 || true
done
for label in "${LABELS[@]}"; do thread_ticks "${PID_OF[$label]}" >"$OUT/threads0-$label.tsv"; done
for round in $(seq 1 "$ROUNDS"); do
  log "round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
  # alternate the order every round: A B, B A, ... so drift does not favour one side
  order=("${LABELS[@]}")
  if [ $((round % 2)) = 0 ]; then mapfile -t order < <(printf '%s\n' "${LABELS[@]}" | tac); fi
  for label in "${order[@]}"; do
    [ "$RATE" -gt 0 ] && measure_rate "$label" "$round"
    [ "$WRK_SECONDS" -gt 0 ] && measure_wrk "$label" "$round"
  done
done

for label in "${LABELS[@]}"; do
  thread_ticks "${PID_OF[$label]}" | awk -F'\t' -v l="$label" 'NR==FNR {a[$1]=$2; next} {d=$2-a[$1]; if (d>0) {t+=d; x[$1]=d}}
    END {for (k in x) printf "%s\t%s\t%d\t%.1f%%\n", l, k, x[k], 100*x[k]/t}' "$OUT/threads0-$label.tsv" - | sort -t$'\t' -k3 -nr | head -8 >"$OUT/threads-$label.tsv"
done
if [ "${JFR:-0}" = 1 ]; then
  for label in "${LABELS[@]}"; do
    jcmd "${PID_OF[$label]}" JFR.start name=ab settings="${JFR_SETTINGS:-profile}" >/dev/null
    taskset -c "$LOAD_CPUS" wrk -t2 -c64 -d"${JFR_SECONDS:-20}"s "${URL_OF[$label]}" >"$OUT/wrk-jfr-$label.txt" 2>&1 || true
    jcmd "${PID_OF[$label]}" JFR.stop name=ab filename="$OUT/$label.jfr" >/dev/null
    log "profile: $OUT/$label.jfr"
  done
fi

# ASPROF=<path to async-profiler's libasyncProfiler.so>: one CPU profile per jar (loaded into the running JVM) over one
# extra wrk run of JFR_SECONDS, as collapsed stacks in $OUT/<label>-cpu.collapsed (flame graph input; grep/awk-able).
# The agent's options are quoted inside the argument: unquoted, jcmd reads "start,event=cpu" as a key=value option.
if [ -n "${ASPROF:-}" ]; then
  for label in "${LABELS[@]}"; do
    jcmd "${PID_OF[$label]}" JVMTI.agent_load "$ASPROF" '"start,event=cpu,interval=1ms"' >/dev/null
    taskset -c "$LOAD_CPUS" wrk -t2 -c64 -d"${JFR_SECONDS:-20}"s "${URL_OF[$label]}" >"$OUT/wrk-prof-$label.txt" 2>&1 || true
    jcmd "${PID_OF[$label]}" JVMTI.agent_load "$ASPROF" "\"stop,collapsed,file=$OUT/$label-cpu.collapsed\"" >/dev/null
    log "profile: $OUT/$label-cpu.collapsed ($(awk '/requests in/ {print $1}' "$OUT/wrk-prof-$label.txt") requests)"
  done
fi

alloc_per_request() { # label round -> bytes allocated per request (all threads) during that wrk run
  local f="$OUT/alloc-$1-$2.jfr" requests
  [ -f "$f" ] || return 0
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1-$2.txt")
  jfr print --json --events jdk.ThreadAllocationStatistics "$f" | python3 -c '
import json, sys
lo, hi = {}, {}
for e in json.load(sys.stdin)["recording"]["events"]:
    t = e["values"]["thread"]["javaThreadId"] if e["values"].get("thread") else None
    a = e["values"]["allocated"]
    lo[t] = min(lo.get(t, a), a); hi[t] = max(hi.get(t, a), a)
print(round(sum(hi[t] - lo[t] for t in hi) / int(sys.argv[1])))' "$requests"
}
summary() { # kind
  for label in "${LABELS[@]}"; do
    awk -F'\t' -v k="$1" -v l="$label" '$1==k && $3==l && $2!="jfr" {print $4}' "$RESULTS" | sort -n |
      awk -v l="$label" -v k="$1" '{v[NR]=$1} END {if (NR) printf "%-4s %-12s n=%d median=%.1f min=%.1f max=%.1f µs/request\n", k, l, NR,
        (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), v[1], v[NR]}'
  done
}
{
  echo "rate $RATE req/s x ${RATE_SECONDS}s, wrk -t2 -c64 x ${WRK_SECONDS}s, $ROUNDS rounds, load avg at end $(cut -d' ' -f1-3 /proc/loadavg)"
  summary rate
  [ "$WRK_SECONDS" -gt 0 ] && summary wrk
  # per-round ratio of each jar to the first one (pairs measured minutes apart at most)
  first=${LABELS[0]}
  for kind in rate wrk; do
    for label in "${LABELS[@]:1}"; do
      awk -F'\t' -v k="$kind" -v a="$first" -v b="$label" '$1==k && $2!="jfr" {x[$2 SUBSEP $3]=$4; rounds[$2]=1}
        END {for (r in rounds) if (((r SUBSEP a) in x) && ((r SUBSEP b) in x)) printf "%.3f\n", x[r SUBSEP b] / x[r SUBSEP a]}' "$RESULTS" | sort -n |
        awk -v k="$kind" -v a="$first" -v b="$label" '{v[NR]=$1} END {if (NR) printf "%-4s %s/%s per-round CPU ratio: median %.3f (min %.3f, max %.3f, n=%d)\n",
          k, b, a, (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), v[1], v[NR], NR}'
    done
  done
  if [ "${ALLOC:-1}" = 1 ] && [ "$WRK_SECONDS" -gt 0 ]; then
    for label in "${LABELS[@]}"; do
      values=$(for round in $(seq 1 "$ROUNDS"); do alloc_per_request "$label" "$round"; echo; done | grep . | sort -n | tr '\n' ' ')
      echo "alloc $label bytes/request per round (sorted): $values"
    done
  fi
  echo "CPU ticks by thread over the measured rounds:"; cat "$OUT"/threads-*.tsv
} | tee "$OUT/summary.txt"
