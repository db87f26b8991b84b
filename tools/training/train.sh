#!/usr/bin/env bash
# Reproduces the bundled door-tuned age model (sdk-core .../models/age_gender_door.onnx and its calibration) from
# labelled photo folders and a fixed seed. Usage:
#   tools/training/train.sh [WORK_DIR] [FOLDER...]
# WORK_DIR (default ../training-work, outside the repository: it holds face crops) receives the crops, the
# features, the model and report.json; FOLDERs default to ../shared/data/faces-public, faces-asian, faces-train.
# Needs: the built entryguard.jar (mvn -B -ntp -q -DskipTests package), Java 17, /usr/bin/python3 with Debian's
# python3-torch, python3-onnx, python3-numpy, python3-pil. No network. About 40 min on 2 cores.
# To retrain on data you hold a licence for: pass your own folders (labels.csv with file,age[,gender,race]).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$repo/../training-work}
shift || true
if [ $# -eq 0 ]; then
  set -- "$repo/../shared/data/faces-public" "$repo/../shared/data/faces-asian" "$repo/../shared/data/faces-train"
fi
export ORT_DISABLE_TELEMETRY=1
py=/usr/bin/python3
jar=$repo/examples/target/entryguard.jar
ort=${ORT_JAR:-$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar)}
model=$repo/sdk-core/src/main/resources/org/entryguard/models/age_gender.onnx
seed=${SEED:-20261202}
umask 077
mkdir -p "$work"

# 1. the SDK's own crops (the default estimator's landmark crop; canvas 3 = a door camera's framing)
if [ ! -f "$work/crops/crops.csv" ]; then
  java -jar "$jar" export-crops --out "$work/crops" --canvas 3 "$@"
fi
# 2. the frozen trunk (everything before the exit flow), run with ONNX Runtime once per crop and view
$py "$repo/tools/training/train_age.py" cut --model "$model" --out "$work/trunk.onnx"
views="orig flip aug1 aug2 aug3"
for v in $views; do
  f="$work/crops/h_$v.f32"
  [ -f "$f" ] && continue
  case $v in
    orig) java -cp "$ort" "$repo/tools/training/Features.java" "$work/trunk.onnx" "$work/crops/crops.u8" "$f" ;;
    flip) java -cp "$ort" "$repo/tools/training/Features.java" "$work/trunk.onnx" "$work/crops/crops.u8" "$f" --flip ;;
    aug*) k=${v#aug}
          $py "$repo/tools/training/augment.py" "$work/crops/crops.u8" "$work/crops/$v.u8" "$k"
          java -cp "$ort" "$repo/tools/training/Features.java" "$work/trunk.onnx" "$work/crops/$v.u8" "$f"
          rm -f "$work/crops/$v.u8" ;;
  esac
done
# 3. fine-tune the exit flow and the age head, fit the calibration, report, export
$py "$repo/tools/training/train_age.py" train --crops "$work/crops" --model "$model" --out "$work/model" \
    --views "$(echo $views | tr ' ' ,)" --seed "$seed" --report-held-out
echo "model: $work/model/age_gender_door.onnx, calibration: $work/model/age_gender_door_calibration.csv, figures: $work/model/report.json"
