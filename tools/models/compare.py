#!/usr/bin/python3
"""Compares ONNX Runtime outputs with the original tfjs outputs, and re-checks the documented
pre/post-processing with an independent numpy implementation.

    /usr/bin/python3 tools/models/compare.py PPM_DIR DUMP_DIR:GOLDEN.json [DUMP_DIR:GOLDEN.json ...]

DUMP_DIR is what `reference.mjs --dump` wrote, after RunOnnx.java ran every jobs.<model>.txt in it;
GOLDEN.json is the golden file written by the same reference run; PPM_DIR holds the decoded images.

1. Raw outputs: max |onnx - tfjs| for every output of every model over all dumped inputs.
2. Preprocessing: pad-to-square + TF bilinear resize (align_corners=false, half_pixel_centers=false)
   re-implemented here (MODELS.md rules) must reproduce face-api's input tensors bit for bit.
3. Post-processing: the detector outputs of ONNX Runtime decoded with the MODELS.md rules (anchors,
   sigmoid/exp, score threshold, NMS, padding correction), then face crop -> age net input -> ONNX
   age/gender must reproduce the face-api golden results (boxes, scores, age, gender).
Exit status 1 when a raw diff exceeds --tol (default 1e-4) or a pipeline check fails.
"""
import json
import math
import os
import sys

import numpy as np

TINY_ANCHORS = [(1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061),
                (4.266906, 5.178857), (9.041765, 10.66308)]
TINY_IOU = 0.4
SSD_IOU = 0.5


def js_round(x):  # JavaScript Math.round (== Java Math.round): floor(x + 0.5)
    return math.floor(x + 0.5)


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    tokens, pos = [], 0
    while len(tokens) < 4:  # "P6" width height 255, separated by whitespace, then one whitespace byte
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        tokens.append(data[start:pos])
    assert tokens[0] == b'P6' and tokens[3] == b'255'
    w, h = int(tokens[1]), int(tokens[2])
    return np.frombuffer(data, dtype=np.uint8, count=w * h * 3, offset=pos + 1).reshape(h, w, 3)


def compose(rgb, canvas):
    if not canvas:
        return rgb
    out = np.full((canvas['height'], canvas['width'], 3), canvas['fill'][0], dtype=np.uint8)
    h, w = rgb.shape[:2]
    out[canvas['y']:canvas['y'] + h, canvas['x']:canvas['x'] + w] = rgb
    return out


# ---------------------------------------------------------------- preprocessing (face-api rules)
def pad_to_square(img, center):
    """face-api ops/padToSquare on an HxWx3 float array (zeros)."""
    h, w = img.shape[:2]
    if h == w:
        return img
    diff = abs(h - w)
    append = js_round(diff * (0.5 if center else 1))
    prepend = diff - append if center else 0
    axis = 1 if h > w else 0
    shape_a = list(img.shape)
    shape_a[axis] = append
    shape_p = list(img.shape)
    shape_p[axis] = prepend
    return np.concatenate([np.zeros(shape_p, img.dtype), img, np.zeros(shape_a, img.dtype)], axis=axis)


def resize_bilinear_tf(img, out_h, out_w):
    """tf.image.resizeBilinear(align_corners=false, half_pixel_centers=false) as tfjs-backend-cpu
    computes it: float64 arithmetic, one rounding to float32 at the end."""
    in_h, in_w = img.shape[:2]
    x = img.astype(np.float64)
    ry, rx = in_h / out_h, in_w / out_w
    sy = ry * np.arange(out_h, dtype=np.float64)
    sx = rx * np.arange(out_w, dtype=np.float64)
    y0 = np.maximum(0, np.floor(sy)).astype(np.int64)
    x0 = np.maximum(0, np.floor(sx)).astype(np.int64)
    fy = (sy - y0)[:, None, None]
    fx = (sx - x0)[None, :, None]
    y1 = np.minimum(in_h - 1, np.ceil(sy)).astype(np.int64)
    x1 = np.minimum(in_w - 1, np.ceil(sx)).astype(np.int64)
    tl = x[y0][:, x0]
    tr = x[y0][:, x1]
    bl = x[y1][:, x0]
    br = x[y1][:, x1]
    top = tl + (tr - tl) * fx
    bottom = bl + (br - bl) * fx
    return (top + (bottom - top) * fy).astype(np.float32)


def detector_input(rgb, size):
    img = pad_to_square(rgb.astype(np.float32), center=False)
    if img.shape[0] != size:
        img = resize_bilinear_tf(img, size, size)
    return img


def reshaped_dims(w, h, size):  # face-api utils computeReshapedDimensions
    scale = size / max(h, w)
    return js_round(w * scale), js_round(h * scale)


# ---------------------------------------------------------------- detector decoding
def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def iou_xywh(a, b):  # face-api ops/iou (boxes as x, y, w, h)
    w = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = w * h
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def decode_tiny(raw, size, img_w, img_h, threshold=0.5):
    """raw: float32 [S/32, S/32, 25] -> list of (box x,y,w,h in image px, score)."""
    cells = raw.shape[0]
    rw, rh = reshaped_dims(img_w, img_h, size)
    corr_x, corr_y = max(rw, rh) / rw, max(rw, rh) / rh
    cand = []
    for row in range(cells):
        for col in range(cells):
            for a in range(5):
                tx, ty, tw, th, to = (float(v) for v in raw[row, col, a * 5:a * 5 + 5])
                score = sigmoid(to)
                if score <= threshold:
                    continue
                cx = ((col + sigmoid(tx)) / cells) * corr_x
                cy = ((row + sigmoid(ty)) / cells) * corr_y
                bw = ((math.exp(tw) * TINY_ANCHORS[a][0]) / cells) * corr_x
                bh = ((math.exp(th) * TINY_ANCHORS[a][1]) / cells) * corr_y
                cand.append(((cx - bw / 2, cy - bh / 2, bw, bh), score))
    # NMS (face-api ops/nonMaxSuppression): ascending stable sort, pop the last = best
    order = sorted(range(len(cand)), key=lambda i: cand[i][1])
    picked = []
    scaled = [tuple(v * size for v in c[0]) for c in cand]
    while order:
        cur = order.pop()
        picked.append(cur)
        order = [i for i in order if iou_xywh(scaled[cur], scaled[i]) <= TINY_IOU]
    return [((b[0] * img_w, b[1] * img_h, b[2] * img_w, b[3] * img_h), s) for b, s in (cand[i] for i in picked)]


def iou_ssd(bi, bj):  # face-api ssdMobilenetv1/nonMaxSuppression IOU (ymin, xmin, ymax, xmax)
    ymin_i, xmin_i, ymax_i, xmax_i = min(bi[0], bi[2]), min(bi[1], bi[3]), max(bi[0], bi[2]), max(bi[1], bi[3])
    ymin_j, xmin_j, ymax_j, xmax_j = min(bj[0], bj[2]), min(bj[1], bj[3]), max(bj[0], bj[2]), max(bj[1], bj[3])
    area_i = (ymax_i - ymin_i) * (xmax_i - xmin_i)
    area_j = (ymax_j - ymin_j) * (xmax_j - xmin_j)
    if area_i <= 0 or area_j <= 0:
        return 0.0
    inter = max(min(ymax_i, ymax_j) - max(ymin_i, ymin_j), 0.0) * max(min(xmax_i, xmax_j) - max(xmin_i, xmin_j), 0.0)
    return inter / (area_i + area_j - inter)


def decode_ssd(boxes, scores, img_w, img_h, min_conf=0.5, max_results=100):
    boxes = boxes.astype(np.float64)
    scores = [float(s) for s in scores]
    cand = sorted([i for i in range(len(scores)) if scores[i] > min_conf], key=lambda i: -scores[i])
    selected = []
    for i in cand:
        if len(selected) >= min(max_results, len(scores)):
            break
        if all(iou_ssd(boxes[i], boxes[j]) <= SSD_IOU for j in selected):
            selected.append(i)
    rw, rh = reshaped_dims(img_w, img_h, 512)
    pad_x, pad_y = 512 / rw, 512 / rh
    out = []
    for i in selected:
        top, bottom = max(0.0, boxes[i][0]) * pad_y, min(1.0, boxes[i][2]) * pad_y
        left, right = max(0.0, boxes[i][1]) * pad_x, min(1.0, boxes[i][3]) * pad_x
        out.append(((left * img_w, top * img_h, (right - left) * img_w, (bottom - top) * img_h), scores[i]))
    return out


def age_input(rgb, box):
    """extractFaceTensors (clipAtImageBorders + floor) -> padToSquare(centered) -> resize 112."""
    img_h, img_w = rgb.shape[:2]
    x, y, w, h = box
    cx, cy = max(x, 0), max(y, 0)
    cw = min(x + w - cx, img_w - cx)
    ch = min(y + h - cy, img_h - cy)
    cx, cy, cw, ch = math.floor(cx), math.floor(cy), math.floor(cw), math.floor(ch)
    crop = rgb[cy:cy + ch, cx:cx + cw].astype(np.float32)
    img = pad_to_square(crop, center=True)
    if img.shape[0] != 112:
        img = resize_bilinear_tf(img, 112, 112)
    return img, (cx, cy, cw, ch)


# ---------------------------------------------------------------- main
def load_f32(path):
    return np.fromfile(path, dtype='<f4')


def main():
    tol = 1e-4
    args = sys.argv[1:]
    if args and args[0].startswith('--tol='):
        tol = float(args.pop(0)[6:])
    ppm_dir, sets = args[0], [a.split(':', 1) for a in args[1:]]
    failures = []
    raw = {}  # (model, output) -> [max abs diff, max |ref|, count, max diff / max(1, |ref|)]
    pipeline = {'faces': 0, 'box_px': 0.0, 'score': 0.0, 'age': 0.0, 'gender_prob': 0.0, 'inputs_bitexact': 0, 'inputs': 0}
    for dump_dir, golden_path in sets:
        manifest = json.load(open(os.path.join(dump_dir, 'manifest.json')))
        golden = json.load(open(golden_path))
        by_name = {e['name']: e for e in manifest}
        for e in manifest:
            for k, ref_path in e['ref'].items():
                ref = load_f32(ref_path)
                onx = load_f32(f"{e['onnxPrefix']}.{k}.f32")
                if ref.shape != onx.shape:
                    failures.append(f"{e['name']} {k}: shape {onx.shape} != {ref.shape}")
                    continue
                diff = np.abs(ref.astype(np.float64) - onx)
                d = float(np.max(diff))
                s = raw.setdefault((e['model'], k), [0.0, 0.0, 0, 0.0])
                s[0] = max(s[0], d)
                s[1] = max(s[1], float(np.max(np.abs(ref))))
                s[2] += 1
                s[3] = max(s[3], float(np.max(diff / np.maximum(1.0, np.abs(ref)))))
        for key, img in golden['images'].items():
            rgb = compose(read_ppm(os.path.join(ppm_dir, key + '.ppm')), golden.get('canvas'))
            H, W = rgb.shape[:2]

            def check_input(name, mine):
                e = by_name[name]
                ref = load_f32(e['input']).reshape(mine.shape)
                pipeline['inputs'] += 1
                if np.array_equal(ref, mine):
                    pipeline['inputs_bitexact'] += 1
                else:
                    failures.append(f'{name}: preprocessing differs, max {np.max(np.abs(ref - mine))}')

            # tiny detector at 416 + every dumped size for the preprocessing check
            for e in manifest:
                if e['model'] == 'tiny_face_detector' and e['name'].startswith(key + '.tiny'):
                    check_input(e['name'], detector_input(rgb, e['shape'][1])[None])
            check_input(f'{key}.ssd', detector_input(rgb, 512)[None])
            e = by_name[f'{key}.tiny416']
            out = load_f32(f"{e['onnxPrefix']}.output.f32").reshape(13, 13, 25)
            dets = {'tinyFaceDetector': decode_tiny(out, 416, W, H)}
            e = by_name[f'{key}.ssd']
            dets['ssdMobilenetv1'] = decode_ssd(load_f32(f"{e['onnxPrefix']}.boxes.f32").reshape(-1, 4),
                                                load_f32(f"{e['onnxPrefix']}.scores.f32"), W, H)
            for det, mine in dets.items():
                gold = img[det]['faces']
                if len(mine) != len(gold):
                    failures.append(f'{key} {det}: {len(mine)} faces from ONNX vs {len(gold)} golden')
                    continue
                for i, ((box, score), g) in enumerate(zip(mine, gold)):
                    gb = g['box']
                    pipeline['faces'] += 1
                    pipeline['box_px'] = max(pipeline['box_px'], max(abs(a - b) for a, b in zip(box, (gb['x'], gb['y'], gb['width'], gb['height']))))
                    pipeline['score'] = max(pipeline['score'], abs(score - g['score']))
                    x112, crop = age_input(rgb, box)
                    name = f'{key}.{det}.face{i}'
                    check_input(name, x112[None])
                    ea = by_name[name]
                    age = float(load_f32(f"{ea['onnxPrefix']}.age.f32")[0])
                    p_male = float(load_f32(f"{ea['onnxPrefix']}.gender.f32")[0])
                    gender = 'male' if p_male > 0.5 else 'female'
                    prob = p_male if p_male > 0.5 else 1 - p_male
                    pipeline['age'] = max(pipeline['age'], abs(age - g['age']))
                    pipeline['gender_prob'] = max(pipeline['gender_prob'], abs(prob - g['genderProbability']))
                    if gender != g['gender']:
                        failures.append(f'{name}: gender {gender} vs {g["gender"]}')
    print('Raw outputs, ONNX Runtime vs tfjs (max abs diff over all inputs):')
    for (m, k), (d, mx, n, rel) in sorted(raw.items()):
        flag = '' if d <= tol else '   <-- above tolerance'
        if d > tol:
            failures.append(f'{m}.{k}: max abs diff {d}')
        print(f'  {m:24s} {k:10s} n={n:3d}  max|diff|={d:.3e}  max|diff|/max(1,|value|)={rel:.3e}  max|value|={mx:.4g}{flag}')
    print(f"Preprocessing re-implementation: {pipeline['inputs_bitexact']}/{pipeline['inputs']} input tensors bit-identical to face-api's")
    print(f"Pipeline on ONNX outputs vs face-api golden ({pipeline['faces']} faces): max |box| {pipeline['box_px']:.3e} px, "
          f"|score| {pipeline['score']:.3e}, |age| {pipeline['age']:.3e} y, |genderProbability| {pipeline['gender_prob']:.3e}")
    if pipeline['box_px'] > 0.01 or pipeline['score'] > 1e-4 or pipeline['age'] > 1e-3 or pipeline['gender_prob'] > 1e-4:
        failures.append('pipeline results differ more than expected')
    if failures:
        print('FAILURES:\n  ' + '\n  '.join(failures))
        sys.exit(1)
    print('OK')


if __name__ == '__main__':
    main()
