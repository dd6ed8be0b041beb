#!/usr/bin/env bash
# Training run for a JDK 24+ AOT cache (JEP 483/514/515) that has served requests, not only refreshed its context:
# the cache then also holds the classes of the request path and the method profiles of a warm gateway, so the first
# requests after a start are cheaper. Used by the Dockerfile and by load-tests/bench (startup.sh, run.sh), for Ficus
# and the stock SCG alike.
#
# Usage: aot-training.sh CACHE URL REQUESTS JAVA [JVM and application arguments...]
#   starts JAVA -XX:AOTCacheOutput=CACHE ARGS..., waits for a 200 from URL (at most 180 s), sends REQUESTS GETs to
#   it over keep-alive connections, then stops the JVM with SIGTERM (graceful shutdown); the JVM writes CACHE as it
#   exits. Fails when the JVM exits early, never answers 200, or writes no cache.
set -euo pipefail

cache=$1 url=$2 requests=$3 java=$4
shift 4
rm -f "$cache"
"$java" -XX:AOTCacheOutput="$cache" "$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT   # never leave the JVM behind when a step fails
deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "aot-training: the JVM exited before answering $url" >&2; exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "aot-training: no 200 from $url within 180 s" >&2; exit 1
  fi
  sleep 0.2
done
batch=()
for _ in $(seq 1 50); do batch+=("$url"); done
sent=0
while [ "$sent" -lt "$requests" ]; do
  curl -s "${batch[@]}" >/dev/null   # one connection, 50 requests
  sent=$((sent + 50))
done
# still running? If not, the 200s came from something else on that port, and the cache would not be this run's
if ! kill -0 "$pid" 2>/dev/null; then
  echo "aot-training: the JVM exited during training (is $url served by another process?)" >&2; exit 1
fi
kill -TERM "$pid"
wait "$pid" || true   # 143 after SIGTERM
if [ ! -s "$cache" ]; then
  echo "aot-training: the JVM wrote no AOT cache to $cache" >&2; exit 1
fi
