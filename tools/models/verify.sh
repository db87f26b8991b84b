#!/bin/bash
# End-to-end check of the committed ONNX models against the original face-api models, and
# regeneration of the golden files.  Needs: fetch.sh done, /usr/bin/python3 with onnx + numpy,
# Java 17, Node 20, the ONNX Runtime jar in ~/.m2 (or ORT_JAR=...), and the faces-public photos
# (FACES_DIR, default ../shared/data/faces-public relative to the repository root).
#
#   tools/models/verify.sh             # convert, compare, write goldens to tools/models/work/verify/golden
#   tools/models/verify.sh --install   # ... and copy the goldens into sdk-core/src/test/resources/golden
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1   # ONNX Runtime 1.29 telemetry off for RunOnnx (README "Privacy")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ORT_JAR=${ORT_JAR:-$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar}
FACES_DIR=${FACES_DIR:-$REPO/../shared/data/faces-public}
MODELS=$REPO/sdk-core/src/main/resources/org/entryguard/models
SAMPLE=$REPO/sdk-core/src/test/resources/samples/astronaut.png
GOLDEN_REPO=$REPO/sdk-core/src/test/resources/golden
V=$HERE/work/verify
PY=/usr/bin/python3

[ -d "$HERE/work/node_modules/@vladmandic/face-api" ] || { echo "run tools/models/fetch.sh first" >&2; exit 1; }
rm -rf "$V"; mkdir -p "$V/ppm" "$V/onnx" "$V/golden"

echo "== 1. convert (reproducibility check against the committed .onnx files)"
$PY "$HERE/convert.py" --out "$V/onnx"
for f in "$V"/onnx/*.onnx; do
  if cmp -s "$f" "$MODELS/$(basename "$f")"; then echo "   $(basename "$f"): identical to committed file";
  else echo "   $(basename "$f"): DIFFERS from the committed file" >&2; exit 1; fi
done

echo "== 2. decode images with javax.imageio"
java "$HERE/DecodeRgb.java" "$V/ppm" "$SAMPLE"
mapfile -t FACES < <($PY "$HERE/select_faces.py" "$FACES_DIR")
java "$HERE/DecodeRgb.java" "$V/ppm" "${FACES[@]}"

echo "== 3. tfjs reference (slow: pure-JS CPU backend)"
node "$HERE/reference.mjs" --stages --dump "$V/dump/astronaut" --golden "$V/golden/astronaut.json" \
  --meta "imageSource=astronaut.png: skimage.data.astronaut(), NASA photo of Eileen Collins (public domain), used as is" \
  "$V/ppm/astronaut.png.ppm"
PPMS=(); for f in "${FACES[@]}"; do PPMS+=("$V/ppm/$(basename "$f").ppm"); done
node "$HERE/reference.mjs" --canvas 600,600,128,200,200 --dump "$V/dump/faces" --golden "$V/golden/faces-public-canvas3.json" \
  --meta "imageSource=faces-public (UTKFace 200x200 crops, not in the repo) chosen by tools/models/select_faces.py, each pasted at (200,200) into a 600x600 RGB(128,128,128) canvas" \
  "${PPMS[@]}"

echo "== 4. ONNX Runtime on the same input tensors"
for d in "$V/dump/astronaut" "$V/dump/faces"; do
  for m in tiny_face_detector ssd_mobilenetv1 age_gender face_landmark_68_tiny; do
    java -cp "$ORT_JAR" "$HERE/RunOnnx.java" "$MODELS/$m.onnx" "$d/jobs.$m.txt"
  done
done

echo "== 5. compare"
$PY "$HERE/compare.py" "$V/ppm" "$V/dump/astronaut:$V/golden/astronaut.json" "$V/dump/faces:$V/golden/faces-public-canvas3.json"

for g in astronaut.json faces-public-canvas3.json; do
  if cmp -s "$V/golden/$g" "$GOLDEN_REPO/$g"; then echo "   golden $g: identical to committed file";
  else echo "   golden $g: differs from (or missing in) $GOLDEN_REPO"; fi
done
if [ "${1:-}" = "--install" ]; then
  mkdir -p "$GOLDEN_REPO"; cp "$V/golden/astronaut.json" "$V/golden/faces-public-canvas3.json" "$GOLDEN_REPO/"
  echo "   goldens installed into $GOLDEN_REPO"
fi
