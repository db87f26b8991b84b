"""Door-camera augmentations of the SDK's 112x112 age crops (crops.u8 from `entryguard export-crops`).

Each variant file holds one augmented copy of every crop, in the same order, drawn with a fixed seed, so the
whole pipeline is reproducible. What a door camera does to a face and what each step imitates:
  small face   downscale to 16..56 px and back up (a far or low-resolution face; the SDK upsamples it)
  blur         Gaussian blur, sigma 0.6..1.8 (motion, focus)
  jpeg/h264    JPEG re-encode, quality 12..60 (compression blocks)
  low light    darker (x0.25..0.7) with gamma and sensor noise
  grey / IR    greyscale (night-mode cameras, some ID-style photos)
  jitter       shift +-5 px and scale +-8 % (the landmark box moves from frame to frame)
  mirror       left-right (the SDK averages the crop and its mirror)
Glasses and pose are not synthesised (left out: no reliable way to draw them on a 112 px crop; the quality gate
refuses covered eyes and large poses before the age model runs).
"""
import io
import sys

import numpy as np
from PIL import Image, ImageFilter

S = 112


def augment(img, rng):
    """One random combination of the camera effects on a PIL RGB image."""
    if rng.random() < 0.6:  # jitter: shift and scale about the centre
        sc = rng.uniform(0.92, 1.08)
        dx, dy = rng.uniform(-5, 5, size=2)
        c = S / 2
        a = 1 / sc
        img = img.transform((S, S), Image.AFFINE, (a, 0, c - a * (c + dx), 0, a, c - a * (c + dy)),
                            resample=Image.BILINEAR)
    if rng.random() < 0.35:  # small face
        side = int(rng.integers(16, 57))
        img = img.resize((side, side), Image.BILINEAR).resize((S, S), Image.BILINEAR)
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.6, 1.8))))
    if rng.random() < 0.15:
        img = img.convert('L').convert('RGB')
    arr = None
    if rng.random() < 0.3:  # low light
        arr = np.asarray(img, dtype=np.float32) / 255.0
        arr = np.power(arr, rng.uniform(1.0, 1.6)) * rng.uniform(0.25, 0.7)
        arr = arr + rng.normal(0, rng.uniform(0.005, 0.03), size=arr.shape)
        img = Image.fromarray(np.clip(arr * 255 + 0.5, 0, 255).astype(np.uint8))
    if rng.random() < 0.4:
        buf = io.BytesIO()
        img.save(buf, format='JPEG', quality=int(rng.integers(12, 61)))
        buf.seek(0)
        img = Image.open(buf).convert('RGB')
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img


def main(src, dst, seed):
    data = np.fromfile(src, dtype=np.uint8).reshape(-1, S, S, 3)
    rng = np.random.default_rng(seed)
    out = np.empty_like(data)
    for i in range(len(data)):
        out[i] = np.asarray(augment(Image.fromarray(data[i]), rng), dtype=np.uint8)
    out.tofile(dst)
    print('augmented %d crops -> %s (seed %d)' % (len(data), dst, seed), file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
