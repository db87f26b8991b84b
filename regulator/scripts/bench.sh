#!/usr/bin/env bash
# The regulator's benchmark: builds the module and its test classes, then runs the load driver's scenarios
# (regulator/src/test/java/org/entryguard/regulator/bench/LoadDriver.java). Each prints one JSON line.
#   regulator/scripts/bench.sh [throughput|throughput-child|malformed|crash|kafka-crash|all]   (default all)
# Options through the environment: VENUES (10000), DURATION (30 s), THREADS (32), REQUESTS (10000), ALERTS (3000).
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
# the last module of the reactor (regulator) writes the file last; SDK modules resolve to their target/classes
nice mvn -B -ntp -q -o -pl regulator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/regulator/target/bench.classpath" >/dev/null
cp="regulator/target/test-classes:regulator/target/classes:$(cat regulator/target/bench.classpath)"
work="regulator/target/bench"; mkdir -p "$work"
run() { java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.entryguard.regulator.bench.LoadDriver "$@" --work "$work"; }
case "$what" in
  throughput-child|all) run throughput-child --venues "${VENUES:-10000}" --seconds "${DURATION:-30}" --threads "${THREADS:-32}" ;;&
  throughput|all) run throughput --venues "${VENUES:-10000}" --seconds "${DURATION:-30}" --threads "${THREADS:-32}" ;;&
  malformed|all) run malformed --requests "${REQUESTS:-10000}" ;;&
  crash|all) run crash --alerts "${ALERTS:-3000}" ;;&
  kafka-crash|all) run kafka-crash --alerts "${ALERTS:-3000}" ;;
  throughput|throughput-child|malformed|crash) ;;
  *) echo "usage: $0 [throughput|throughput-child|malformed|crash|kafka-crash|all]" >&2; exit 2 ;;
esac
