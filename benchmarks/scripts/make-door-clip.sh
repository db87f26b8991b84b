#!/usr/bin/env bash
# A door clip in which someone is at the door about 10 % of the time, made from the bundled sample
# (examples/.../samples/door-approach.mp4: 4 s of a person walking up): EMPTY seconds of an empty door (flat grey,
# the sample's own background, with temporal sensor noise of ±4 levels so the picture is never quite still), then
# the 4 s approach; the pair repeated REPEAT times. H.264, FPS frames a second (a keyframe every second), WxH (the
# sample is scaled to fit, padded grey).
#   benchmarks/scripts/make-door-clip.sh OUT.mp4 [WxH=704x576] [EMPTY=36] [REPEAT=1] [FPS=25]
set -euo pipefail
out=${1:?usage: make-door-clip.sh OUT.mp4 [WxH] [EMPTY_SECONDS] [REPEAT]}
size=${2:-704x576}; empty=${3:-36}; repeat=${4:-1}; fps=${5:-25}
w=${size%x*}; h=${size#*x}
root="$(cd "$(dirname "$0")/../.." && pwd)"
sample="$root/examples/src/main/resources/org/entryguard/examples/samples/door-approach.mp4"
command -v ffmpeg >/dev/null || { echo "needs ffmpeg (Debian: apt-get install ffmpeg)" >&2; exit 2; }
one=$(mktemp --suffix=.mp4); trap 'rm -f "$one"' EXIT
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "color=c=0x808080:s=${w}x${h}:r=${fps}:d=${empty}" -i "$sample" \
  -filter_complex "[1:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x808080,setsar=1,fps=${fps}[p];[0:v]setsar=1[e];[e][p]concat=n=2:v=1,noise=alls=4:allf=t,format=yuv420p[v]" \
  -map "[v]" -c:v libx264 -preset veryfast -crf 23 -g ${fps} -bf 0 "$one"
ffmpeg -hide_banner -loglevel error -y -stream_loop $((repeat - 1)) -i "$one" -c copy "$out"
ffprobe -v error -show_entries format=duration -of csv=p=0 "$out" | awk -v o="$out" '{printf "%s: %.1f s\n", o, $1}'
