#!/usr/bin/env bash
# Soak test for sdk-camera (not part of the unit suite).
#   sdk-camera/scripts/soak.sh [minutes=10] [cameras=4] [targetFps=10] [analysisMillis=20] [WxH=640x360]
# Starts the loopback RTSP server (scripts/rtsp-test-server.py) with one mount per camera, runs them through a
# CameraRunner with a simulated analysis load, and prints memory (heap after GC, RSS), thread count, drop counts
# and latency p50/p99 every 30 s plus a summary. Needs: the GStreamer RTSP server packages (see rtsp-test-server.py),
# Java 17, Maven. Run from the repository root or from sdk-camera/.
set -euo pipefail
MINUTES=${1:-10}; CAMERAS=${2:-4}; FPS=${3:-10}; WORK_MS=${4:-20}; SIZE=${5:-640x360}; INTERVAL=${INTERVAL:-30}
HERE="$(cd "$(dirname "$0")/.." && pwd)"; ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl sdk-camera -am test-compile -Dmaven.test.skip.exec=true
mvn -q -B -pl sdk-camera -am dependency:build-classpath -Dmdep.outputFile="$HERE/target/soak.cp" -Dmdep.includeScope=test >/dev/null
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MOUNTS=(); URLS=()
for i in $(seq 1 "$CAMERAS"); do MOUNTS+=(--mount "/cam$i"); URLS+=("rtsp://127.0.0.1:$PORT/cam$i"); done
/usr/bin/python3 "$HERE/scripts/rtsp-test-server.py" --port "$PORT" --width "${SIZE%x*}" --height "${SIZE#*x}" "${MOUNTS[@]}" \
  > "$HERE/target/soak-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q READY "$HERE/target/soak-server.log" 2>/dev/null && break; sleep 0.2; done
grep -q READY "$HERE/target/soak-server.log" || { cat "$HERE/target/soak-server.log"; exit 1; }
CP="$HERE/target/test-classes:$HERE/target/classes:$(cat "$HERE/target/soak.cp")"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.bytedeco.javacpp.cachedir="$HERE/target/javacpp-cache" \
  -cp "$CP" org.entryguard.camera.Soak "$MINUTES" "$INTERVAL" "$FPS" "$WORK_MS" "${URLS[@]}"
