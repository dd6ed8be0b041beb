#!/usr/bin/env bash
# One command for the Gatling load tests on this machine (needs only JDK 17+ and Maven):
#   bash load-tests/run-local.sh [extra Maven arguments, e.g. -Dficus.lt.rate=100 -Dficus.lt.duration=60s
#                                 -Dgatling.simulationClass=dev.ficus.loadtest.LiveShiftSimulation]
# Builds the reactor (gateway jar included, tests skipped), then runs every simulation in the load-tests module.
# Each simulation runs in its own Gatling JVM, which starts its own local stack: two WireMock backends (legacy and
# modern) in that JVM and the gateway jar as a child process on free 127.0.0.1 ports, with a temporary state
# directory and an operator token (dev.ficus.loadtest.LocalStack). Reports: load-tests/target/gatling/*/index.html;
# measured figures: load-tests/target/load-test-results.md. Exits non-zero if any simulation fails its assertions.
set -euo pipefail

cd "$(dirname "$0")/.."
PIDS=load-tests/target/local-stack
MVN_PID=""

cleanup() {
  local status=$?
  if [[ -n "$MVN_PID" ]] && kill -0 "$MVN_PID" 2>/dev/null; then
    kill "$MVN_PID" 2>/dev/null || true
    wait "$MVN_PID" 2>/dev/null || true
  fi
  # The Gatling JVMs stop their gateway themselves (shutdown hook); these pid files are what is left if one was
  # killed. Only processes that are still a gateway or a Gatling JVM of this run are signalled.
  shopt -s nullglob
  for file in "$PIDS"/*.pid; do
    local pid
    pid=$(cat "$file")
    if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -e ficus-gateway.jar -e io.gatling; then
      echo "run-local.sh: stopping leftover process $pid ($file)" >&2
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -f load-tests/target/load-test-results.md
mkdir -p "$PIDS"

# -DskipTests skips the unit and integration tests of every module (mvn -B verify runs those); the gatling profile
# binds the simulations to load-tests' integration-test phase, after the gateway jar has been packaged.
mvn -B -DskipTests -Pgatling verify "$@" &
MVN_PID=$!
set +e
wait "$MVN_PID"
status=$?
set -e
MVN_PID=""

echo
if [[ -f load-tests/target/load-test-results.md ]]; then
  echo "==== measured (load-tests/target/load-test-results.md) ===="
  cat load-tests/target/load-test-results.md
fi
echo "==== reports ===="
ls -d load-tests/target/gatling/*/index.html 2>/dev/null || echo "(none)"
if [[ $status -ne 0 ]]; then
  echo "run-local.sh: FAILED (Maven exit $status): see the assertions or the error above" >&2
fi
exit "$status"
