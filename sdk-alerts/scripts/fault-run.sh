#!/usr/bin/env bash
# Fault run for sdk-alerts: 1000 alerts, the sending JVM SIGKILLed at 20 random moments and restarted, the
# receiver down for a stretch in the middle; then a real disk-full run on a tiny tmpfs (when mount is allowed)
# and a loopback throughput figure with fsync on. Prints the FAULT-RUN / DISK-FULL / THROUGHPUT lines.
#
#   sdk-alerts/scripts/fault-run.sh [alerts] [kills]
#   MVN_ARGS="-o" sdk-alerts/scripts/fault-run.sh      # extra Maven flags, e.g. offline
set -euo pipefail
ALERTS="${1:-1000}"
KILLS="${2:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
LOG="$ROOT/sdk-alerts/target/fault-run.log"
mkdir -p "$ROOT/sdk-alerts/target"

SMALL=""
if [ "$(id -u)" = "0" ]; then
  SMALL="$ROOT/sdk-alerts/target/small-disk"
  mkdir -p "$SMALL"
  if mount -t tmpfs -o size=256k tmpfs "$SMALL" 2>/dev/null; then
    trap 'umount "$SMALL" 2>/dev/null || true' EXIT
  else
    echo "note: cannot mount a tmpfs here; the real disk-full case is skipped (the budget case still runs)"
    SMALL=""
  fi
else
  echo "note: not root; the real disk-full case is skipped (the budget case still runs)"
fi

TESTS="CrashRecoveryTest,NothingLostTest#afterAnOutage*,ReceiverHardeningTest"
PROPS=(-Dentryguard.fault.alerts="$ALERTS" -Dentryguard.fault.kills="$KILLS" -Dentryguard.throughput.alerts=1000 -Dentryguard.fault.backlog=1000)
if [ -n "$SMALL" ]; then
  TESTS="$TESTS,OutboxTest#aReallyFullDiskIsRefusedLoudlyAndNothingAcceptedIsLost,NothingLostTest#aReallyFullDisk*"
  PROPS+=(-Dentryguard.fault.smallDisk="$SMALL")
fi

set +e
mvn -B ${MVN_ARGS:-} -pl sdk-alerts -am test -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
    "${PROPS[@]}" >"$LOG" 2>&1
RC=$?
set -e
grep -E "FAULT-RUN|DISK-FULL|BACKLOG|PER-SOURCE|THROUGHPUT|Tests run:|FAIL" "$LOG" | grep -v "^\[INFO\] *$" || true
echo "full log: $LOG (exit $RC)"
exit $RC
