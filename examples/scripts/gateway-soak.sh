#!/usr/bin/env bash
# Gateway soak (not part of the unit suite): N live RTSP cameras on loopback → the real gateway (real models,
# real outbox) for M minutes. Every 30 s prints the gateway's RSS, thread count and per-camera counters from
# /metrics; at the end a summary. Usage (from the repository root, after `mvn -DskipTests package`):
#   examples/scripts/gateway-soak.sh [minutes=10] [cameras=4] [targetFps=10] [WxH=1280x720]
# Needs the GStreamer RTSP server packages (see sdk-camera/scripts/rtsp-test-server.py) and /usr/bin/python3.
set -euo pipefail
MINUTES=${1:-10}; CAMERAS=${2:-4}; FPS=${3:-10}; SIZE=${4:-1280x720}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$ROOT"
JAR=examples/target/entryguard.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -ntp -q -DskipTests package"; exit 1; }
WORK=$(mktemp -d /tmp/entryguard-soak-XXXX)
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HTTP=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MOUNTS=(); CAMS=""
for i in $(seq 1 "$CAMERAS"); do
  MOUNTS+=(--mount "/cam$i")
  CAMS="$CAMS${CAMS:+,}{\"id\":\"cam$i\",\"url\":\"rtsp://127.0.0.1:$PORT/cam$i\",\"targetFps\":$FPS}"
done
/usr/bin/python3 sdk-camera/scripts/rtsp-test-server.py --port "$PORT" --width "${SIZE%x*}" --height "${SIZE#*x}" \
  "${MOUNTS[@]}" > "$WORK/rtsp.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $GW 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q READY "$WORK/rtsp.log" && break; sleep 0.2; done
cat > "$WORK/gateway.json" <<JSON
{"venue": {"id": "SOAK-1", "type": "INTERNET_CAFE"}, "cameras": [$CAMS], "http": {"port": $HTTP},
 "statusIntervalSeconds": 60}
JSON
# set here so the launcher does not re-execute itself: $GW is then the JVM that does the work (OrtTelemetry)
ORT_DISABLE_TELEMETRY=1 java -Xmx512m -jar "$JAR" gateway --config "$WORK/gateway.json" \
  --seconds $((MINUTES * 60)) > "$WORK/decisions.log" 2> "$WORK/gateway.log" &
GW=$!
echo "soak: $CAMERAS cameras ${SIZE} @ analysis ${FPS} fps for $MINUTES min; gateway pid $GW; logs in $WORK"
printf "%6s %9s %13s %7s  %s\n" "t(s)" "RSS(MB)" "heapAfterGC" "threads" "per camera: in/analysed/dropped/skipped mean-latency ms"
START=$(date +%s)
while kill -0 $GW 2>/dev/null; do
  sleep 30
  kill -0 $GW 2>/dev/null || break
  RSS=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$GW/status)
  THR=$(ls /proc/$GW/task | wc -l)
  # heap after a full GC (jcmd ships with the JDK): tells a leak from a heap that is still growing to its size
  jcmd $GW GC.run >/dev/null 2>&1 || true
  HEAP=$(jcmd $GW GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen/ {found=1} /used/ && found {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); printf "%.1fMB", v/1024; exit}}')
  M=$(curl -s "http://127.0.0.1:$HTTP/metrics" || true)
  CAM=$(for i in $(seq 1 "$CAMERAS"); do
    v() { echo "$M" | grep "^$1{camera=\"cam$i\"" | head -1 | awk '{print $2}'; }
    # capture-to-decided latency is a histogram in seconds: the mean since start is its _sum over its _count
    mean() { echo "$M" | awk -v c="cam$i" 'index($0, "entryguard_frame_latency_seconds_sum{camera=\"" c "\"") == 1 {s=$2}
      index($0, "entryguard_frame_latency_seconds_count{camera=\"" c "\"") == 1 {n=$2} END {if (n > 0) printf "%.0f", 1000 * s / n; else print "?"}'; }
    printf "cam%d %s/%s/%s/%s %s  " "$i" "$(v entryguard_frames_in_total)" "$(v entryguard_frames_analysed_total)" \
      "$(v entryguard_frames_dropped_total)" "$(v entryguard_frames_skipped_total)" "$(mean)"
  done)
  printf "%6d %9s %13s %7s  %s\n" $(( $(date +%s) - START )) "$RSS" "${HEAP:-?}" "$THR" "$CAM"
done
wait $GW || true
echo "soak: gateway exited; last status lines:"; grep -E "STREAMING|ENDED|FAILED" "$WORK/gateway.log" | tail -n "$CAMERAS"
