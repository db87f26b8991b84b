#!/usr/bin/env bash
# EntryGuard benchmarks, one command: build, JMH (+ -prof gc), the Node face-api.js peer on the same frames in
# the same session, then the report (ratios on stdout, benchmarks/results/latency.png, summary.md, and the
# generated section of BENCHMARKS.md).
#
#   benchmarks/scripts/run-all.sh            full run (~25-30 min on 2 cores; run it on a quiet machine)
#   benchmarks/scripts/run-all.sh --smoke    short iterations to check that everything works (~10 min, noisy)
#   benchmarks/scripts/run-all.sh [--smoke] REGEX...   only the JMH benchmarks matching REGEX (report still runs)
#
# Environment (all optional):
#   JMH_ARGS     replaces the iteration options (default full: "-wi 2 -w 2s -i 5 -r 2s -f 1")
#   PEER_ARGS    replaces the peer options (default full: "--warmup 5 --iterations 30 --cpu-warmup 1 --cpu-iterations 5")
#   LABEL        text saying what kind of run this is (goes into BENCHMARKS.md and the chart)
#   EG_BUILD_DIR build in a private copy of the tree there instead of in place (keeps other target/ dirs untouched)
#   SKIP_BUILD=1 reuse the last benchmarks.jar;  SKIP_PEER=1 skip the Node peer;  SKIP_JMH=1 only peer + report
#   SKIP_SCALE=1 skip the sustained-cameras probe (ScaleProbe)
#   NO_MD=1      do not touch BENCHMARKS.md (results/summary.md is still written)
set -euo pipefail
# ONNX Runtime 1.29 sends telemetry unless this is set before it loads; the SDK refuses to load a model without it
# (sdk-core OrtTelemetry). Set for every JVM and the Node peer this script starts.
export ORT_DISABLE_TELEMETRY=1

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RESULTS="$ROOT/benchmarks/results"
SMOKE=0
JMH_FILTER=()
for a in "$@"; do
  case "$a" in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n 2,20p "$0"; exit 0 ;;
    *) JMH_FILTER+=("$a") ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  : "${JMH_ARGS:=-wi 1 -w 1s -i 2 -r 1s -f 1}"
  : "${PEER_ARGS:=--warmup 2 --iterations 10 --cpu-warmup 0 --cpu-iterations 1}"
  : "${LABEL:=SMOKE run: short iterations, shared machine under contention - noisy, not for decisions}"
else
  : "${JMH_ARGS:=-wi 2 -w 2s -i 5 -r 2s -f 1}"
  : "${PEER_ARGS:=--warmup 5 --iterations 30 --cpu-warmup 1 --cpu-iterations 5}"
  : "${LABEL:=FULL run}"
fi

mkdir -p "$RESULTS"
log() { printf '\n=== %s ===\n' "$*"; }

# ---- build -----------------------------------------------------------------------------------------------
BUILD_ROOT="$ROOT"
if [ -n "${EG_BUILD_DIR:-}" ]; then
  BUILD_ROOT="$EG_BUILD_DIR"
  mkdir -p "$BUILD_ROOT"
  (cd "$ROOT" && tar --exclude='*/target' --exclude='./tools/models/work' --exclude='*/node_modules' \
      --exclude='./benchmarks/results' -cf - .) | (cd "$BUILD_ROOT" && tar xf -)
fi
JAR="$BUILD_ROOT/benchmarks/target/benchmarks.jar"
ALERTS="built (-Palerts)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "build ($BUILD_ROOT)"
  cd "$BUILD_ROOT"
  mvn -B -q -pl benchmarks clean >/dev/null
  if ! mvn -B -q -Palerts -pl benchmarks -am -DskipTests package >"$RESULTS/build.log" 2>&1; then
    echo "sdk-alerts (or the alert benchmarks) did not build; building the latency suite without them (see results/build.log)"
    ALERTS="not measured: sdk-alerts did not compile at run time (see benchmarks/results/build.log)"
    mvn -B -q -pl benchmarks clean >/dev/null
    mvn -B -q -pl benchmarks -am -DskipTests package >>"$RESULTS/build.log" 2>&1 || { tail -40 "$RESULTS/build.log"; exit 1; }
  fi
  cd "$ROOT"
fi
[ -f "$JAR" ] || { echo "no $JAR: run without SKIP_BUILD=1"; exit 1; }
if ! java -jar "$JAR" -l 2>/dev/null | grep -c 'alerts.AlertBenchmark' >/dev/null; then  # grep -c reads all: no SIGPIPE under pipefail
  case "$ALERTS" in built*) ALERTS="not measured: jar built without -Palerts" ;; esac
fi

# ---- frames ----------------------------------------------------------------------------------------------
log "frames"
java -cp "$JAR" org.entryguard.benchmarks.BenchFrames "$RESULTS/frames"

# ---- metadata --------------------------------------------------------------------------------------------
PIPELINE="PipelineBenchmark = FrameAnalyzer.analyze (detect + age on every face of every frame); GuardBenchmark = EntranceGuard.process (detect, track, quality, age on best shots, fusion, rules)"
META="$RESULTS/meta.properties"
{
  echo "label=$LABEL"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(uname -m), $(uname -r))"
  echo "cores=$(nproc) online, $(grep -c ^processor /proc/cpuinfo) in /proc/cpuinfo, $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
  echo "loadBefore=$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
  echo "java=$(java -version 2>&1 | sed -n 2p)"
  echo "ort=onnxruntime $(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' "$ROOT/pom.xml") (CPU provider)"
  echo "node=$(node --version 2>/dev/null || echo none)"
  echo "jmhArgs=$JMH_ARGS -prof gc ${JMH_FILTER[*]:-}"
  echo "peerArgs=$PEER_ARGS"
  echo "pipeline=$PIPELINE"
  echo "alerts=$ALERTS; outbox on $(stat -f -c %T "$RESULTS") ($RESULTS/outbox-tmp)"
} >"$META"

# ---- JMH -------------------------------------------------------------------------------------------------
if [ "${SKIP_JMH:-0}" != 1 ]; then
  log "JMH: $JMH_ARGS -prof gc ${JMH_FILTER[*]:-}"
  mkdir -p "$RESULTS/outbox-tmp"
  # shellcheck disable=SC2086
  java -jar "$JAR" $JMH_ARGS -prof gc -rf json -rff "$RESULTS/jmh.json" \
      -jvmArgsAppend "-Dentryguard.bench.outboxDir=$RESULTS/outbox-tmp -Dentryguard.results=$RESULTS" "${JMH_FILTER[@]}" 2>&1 | tee "$RESULTS/jmh.txt"
  rm -rf "$RESULTS/outbox-tmp"
fi

# ---- sustained cameras ---------------------------------------------------------------------------------
if [ "${SKIP_SCALE:-0}" != 1 ]; then
  log "sustained cameras (ScaleProbe: 1080p, 1 face, 5 analysed frames/s per camera, $(nproc) analysis threads)"
  SCALE_SECONDS=15; [ "$SMOKE" = 1 ] && SCALE_SECONDS=4
  java -cp "$JAR" org.entryguard.benchmarks.ScaleProbe --resolution 1920x1080 --faces 1 --fps 5 --threads "$(nproc)" \
      --seconds "$SCALE_SECONDS" --cameras 4,8,12,16,20,24,28,32,40 --out "$RESULTS/scale.json" 2>&1 \
      | grep -v -e '^WARNING' | tee "$RESULTS/scale.txt"
fi

# ---- Node peer -------------------------------------------------------------------------------------------
if [ "${SKIP_PEER:-0}" != 1 ]; then
  log "Node peer: face-api.js 1.7.15 ($PEER_ARGS)"
  if [ ! -d "$ROOT/benchmarks/peer/node_modules/@vladmandic/face-api" ]; then
    (cd "$ROOT/benchmarks/peer" && npm ci --ignore-scripts --no-audit --no-fund)
  fi
  # shellcheck disable=SC2086
  node "$ROOT/benchmarks/peer/peer.mjs" --frames "$RESULTS/frames" --out "$RESULTS/peer.json" $PEER_ARGS 2>&1 \
      | grep -v -e '^=*$' -e 'Hi, looks like you are running TensorFlow.js' | tee "$RESULTS/peer.txt"
fi
echo "loadAfter=$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)" >>"$META"

# ---- report ----------------------------------------------------------------------------------------------
log "report"
if [ "${NO_MD:-0}" = 1 ]; then
  java -cp "$JAR" org.entryguard.benchmarks.Report "$RESULTS"
else
  java -cp "$JAR" org.entryguard.benchmarks.Report "$RESULTS" "$ROOT/BENCHMARKS.md"
fi
