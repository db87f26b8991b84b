#!/usr/bin/env bash
# Rebuilds the gateway demo clip from the public-domain NASA portrait (Debian python3-skimage's astronaut.png):
# 4 s at 25 fps, 640x480, the person "walks up to the door" (the face grows from ~40 to ~120 px).
# Run by hand; the output is committed as examples/src/main/resources/org/entryguard/examples/samples/door-approach.mp4
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-/usr/lib/python3/dist-packages/skimage/data/astronaut.png}"
out="$here/../src/main/resources/org/entryguard/examples/samples/door-approach.mp4"
ffmpeg -hide_banner -loglevel error -y -loop 1 -i "$src" \
  -vf "pad=1536:1152:512:320:color=0x808080,zoompan=z='1.0+0.02*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)-140':d=1:s=640x480:fps=25" \
  -frames:v 100 -c:v libx264 -preset veryslow -crf 30 -pix_fmt yuv420p -movflags +faststart "$out"
ls -l "$out"
