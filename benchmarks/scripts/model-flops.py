#!/usr/bin/python3
"""Counts multiply-accumulates (MACs) of the bundled ONNX models at the input sizes the SDK uses, for the
paper estimate of GPU throughput in BENCHMARKS.md (no GPU machine was lent to measure it).

    /usr/bin/python3 benchmarks/scripts/model-flops.py      (needs Debian's python3-onnx)

Counts Conv (incl. depthwise/grouped), MatMul and Gemm; element-wise ops, pooling and activations are ignored
(they are memory-bound and small beside the convolutions)."""
import sys
from pathlib import Path
import onnx
from onnx import shape_inference, numpy_helper

MODELS = Path(__file__).resolve().parents[2] / "sdk-core/src/main/resources/org/entryguard/models"
CASES = [  # file, input name -> concrete shape
    ("tiny_face_detector.onnx", "TinyFaceDetector 416", {"input": [1, 416, 416, 3]}),
    ("tiny_face_detector.onnx", "TinyFaceDetector 320", {"input": [1, 320, 320, 3]}),
    ("ssd_mobilenetv1.onnx", "SSD MobileNetV1 512", None),
    ("age_gender.onnx", "AgeGenderNet 112", None),
    ("face_landmark_68_tiny.onnx", "FaceLandmark68TinyNet 112", None),
]


def shape_of(vi):
    return [d.dim_value if d.HasField("dim_value") else None for d in vi.type.tensor_type.shape.dim]


def macs(path, shapes):
    m = onnx.load(str(path))
    if shapes:
        for inp in m.graph.input:
            if inp.name in shapes:
                for d, v in zip(inp.type.tensor_type.shape.dim, shapes[inp.name]):
                    d.Clear()
                    d.dim_value = v
    m = shape_inference.infer_shapes(m)
    known = {vi.name: shape_of(vi) for vi in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output)}
    inits = {i.name: list(i.dims) for i in m.graph.initializer}
    total = 0
    params = sum(int(numpy_helper.to_array(i).size) for i in m.graph.initializer)
    for n in m.graph.node:
        if n.op_type == "Conv":
            w = inits.get(n.input[1]) or known.get(n.input[1])
            out = known.get(n.output[0])
            if not w or not out or None in out:
                raise SystemExit(f"{path.name}: cannot size {n.name or n.op_type} (output {out}, weight {w})")
            # weight [M, C/group, kh, kw], output [N, M, H, W]
            total += out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3]
        elif n.op_type in ("MatMul", "Gemm"):
            a = known.get(n.input[0]) or inits.get(n.input[0])
            b = inits.get(n.input[1]) or known.get(n.input[1])
            if a and b and None not in a and None not in b:
                rows = 1
                for d in a[:-1]:
                    rows *= d
                total += rows * a[-1] * (b[-1] if n.op_type == "MatMul" or not any(at.name == "transB" and at.i for at in n.attribute) else b[0])
    return total, params


def main():
    print(f"{'model':32} {'GMACs':>8} {'GFLOPs':>8} {'params':>10}")
    for f, label, shapes in CASES:
        t, p = macs(MODELS / f, shapes)
        print(f"{label:32} {t / 1e9:8.3f} {2 * t / 1e9:8.3f} {p:10d}")


if __name__ == "__main__":
    sys.exit(main())
