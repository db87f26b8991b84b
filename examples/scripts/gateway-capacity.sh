#!/usr/bin/env bash
# Capacity, end to end (issue 15 item 1; a script and a report, not a timed test): N loopback RTSP cameras play a
# door clip made from the bundled sample (someone at the door ~10 % of the time: benchmarks/scripts/make-door-clip.sh)
# as H.264 at WxH, 25 fps, through the real gateway (real decode, models, ledger, outbox). After a warm-up it measures
# for SECONDS: per camera the frames handed to analysis per second against the target, the detector runs the motion
# gate saved, p99 of capture-to-decided (analysed frames, from the histogram), RSS at both ends, the decisions made,
# and the CPU split by thread: decode (FFmpeg decode + swscale's BGR conversion, thread entryguard-decode-*),
# analysis (detector, landmarks, age model, tracking and rules, entryguard-analysis-*), the rest (GC, JIT, servers,
# FFmpeg/GStreamer helpers). Usage (repository root, after `mvn -B -ntp -q -DskipTests package`):
#   examples/scripts/gateway-capacity.sh CAMERAS [SECONDS=60] [WxH=704x576] [FPS=10] [GATE=on|off] [WARMUP=15]
# IN_FPS=N (default 25): the frame rate the cameras send, e.g. 10 for a sub-stream set to 10 fps.
# Pass: every camera >= 95 % of FPS, p99 <= 200 ms, RSS flat; visits: one CHECK_ID per full approach (challenge 35).
set -euo pipefail
CAMERAS=${1:?usage: gateway-capacity.sh CAMERAS [SECONDS] [WxH] [FPS] [GATE] [WARMUP]}
SECONDS_RUN=${2:-60}; SIZE=${3:-704x576}; FPS=${4:-10}; GATE=${5:-on}; WARMUP=${6:-15}
export IN_FPS=${IN_FPS:-25}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$ROOT"
JAR=examples/target/entryguard.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -ntp -q -DskipTests package"; exit 1; }
WORK=$(mktemp -d /tmp/entryguard-capacity-XXXX)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); HTTP=$(free_port)
TOTAL=$((WARMUP + SECONDS_RUN + 240)) # start-up included; the gateway is stopped once measured
benchmarks/scripts/make-door-clip.sh "$WORK/door.mp4" "$SIZE" 36 $(( (TOTAL + 39) / 40 + 1 )) "$IN_FPS" >/dev/null
# Doors are independent: camera i joins the clip OFFSET_i = (i-1)*36/N whole seconds in (keyframe every second, so a
# stream copy), so about 10 % of the cameras see someone at any moment instead of all at once.
OFFSETS=""
for i in $(seq 1 "$CAMERAS"); do
  off=$(( (i - 1) * 36 / CAMERAS ))
  ffmpeg -hide_banner -loglevel error -y -ss "$off" -i "$WORK/door.mp4" -c copy "$WORK/door-$i.mp4"
  OFFSETS="$OFFSETS${OFFSETS:+,}\"cam$i\": $off"
done
echo "{$OFFSETS}" > "$WORK/offsets.json"
MOUNTS=(); CAMS=""
ENABLED=$([ "$GATE" = on ] && echo true || echo false)
for i in $(seq 1 "$CAMERAS"); do
  MOUNTS+=(--mount "/cam$i=$WORK/door-$i.mp4")
  CAMS="$CAMS${CAMS:+,}{\"id\":\"cam$i\",\"url\":\"rtsp://127.0.0.1:$PORT/cam$i\",\"transport\":\"TCP\",\"targetFps\":$FPS,\"motionGate\":{\"enabled\":$ENABLED}}"
done
/usr/bin/python3 sdk-camera/scripts/rtsp-test-server.py --port "$PORT" "${MOUNTS[@]}" > "$WORK/rtsp.log" 2>&1 &
SERVER=$!
GW=""
trap 'kill $SERVER $GW 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q READY "$WORK/rtsp.log" && break; sleep 0.2; done
cat > "$WORK/gateway.json" <<JSON
{"venue": {"id": "CAP-1", "type": "KTV", "zone": "Asia/Shanghai"}, "rules": {"challengeAge": 35},
 "cameras": [$CAMS], "http": {"port": $HTTP}, "statusIntervalSeconds": 600}
JSON
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ORT_DISABLE_TELEMETRY=1 java -Xmx1g -jar "$JAR" gateway --config "$WORK/gateway.json" --seconds "$TOTAL" \
  > "$WORK/decisions.log" 2> "$WORK/gateway.log" &
GW=$!
echo "capacity: $CAMERAS cameras $SIZE $IN_FPS fps in, $FPS fps analysed, motion gate $GATE; warm-up ${WARMUP}s, measure ${SECONDS_RUN}s; logs in $WORK"
# DECODE_NICE=N (an experiment, off by default): renice the decode threads once all cameras stream (BENCHMARKS.md)
/usr/bin/python3 examples/scripts/capacity-measure.py "$GW" "$HTTP" "$CAMERAS" "$FPS" "$WARMUP" "$SECONDS_RUN" "$WORK" "$SERVER" \
  || { kill -0 $GW 2>/dev/null || { echo "gateway exited early; see $WORK/gateway.log"; tail -5 "$WORK/gateway.log"; }; exit 1; }
kill -TERM $GW 2>/dev/null || true; wait $GW || true  # with PROFILE=1 the measurement stopped it already
/usr/bin/python3 examples/scripts/capacity-measure.py --decisions "$WORK"
