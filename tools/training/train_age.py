"""Fine-tunes the bundled age network (face-api AgeGenderNet) for the decision at a door, on the SDK's own crops,
and writes a drop-in ONNX model (same graph, same input/output contract) plus its calibration table.
`train.sh` runs the whole pipeline; tools/training/README.md explains it.

  train_age.py cut   --model age_gender.onnx --out trunk.onnx        the frozen trunk (input -> add_103)
  train_age.py train --crops DIR --model age_gender.onnx --out DIR   fine-tune, calibrate, report, export

What is trained: the exit flow (the last reduction block and separable conv, 268k of the net's 422k weights) and
the age head, starting from the published weights. The entry and middle flows stay frozen: their output for every
crop and view (original, mirror, 3 door-camera augmentations) is computed once with ONNX Runtime (Features.java),
which makes a run fit in minutes on 2 CPU cores. Loss: Huber on the age, weighted 2x for ages 12..32 and by
(population, age band) so the few hundred teenagers and the East Asian set are not drowned out; auxiliary
P(age < 18) and P(age < 25) logits on the pooled features (multi-task; not exported); the gender output is held
to the published one (distillation + labels) because the same features feed it.

Splits (fixed before looking): each folder's DataSplit half from crops.csv (the SDK's rule, by file name); within
the fit half, SHA-1(set/file) mod 4 == 0 is the calibration part, the rest trains. The held-out half is reported
once, with --report-held-out.
"""
import argparse
import csv
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import onnx
import onnx.utils
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_torch import OnnxModule, write_back  # noqa: E402

CUT = 'add_103'            # the exit flow's input, [N,128,14,14]
TRAINED = ('exit_flow', 'fc.age')
STRATA = [(0, 12), (13, 15), (16, 17), (18, 20), (21, 25), (26, 29), (30, 40), (41, 200)]
POPULATIONS = {'utkface': ('faces-public', 'faces-train'), 'aaf': ('faces-asian',)}


def stratum(age):
    for i, (lo, hi) in enumerate(STRATA):
        if lo <= age <= hi:
            return i
    return 0


# ---------------------------------------------------------------- calibration (AgeCalibration.fit, with weights)
def fit_calibration(raw, age, weight=None, step=2.0, lower=False):
    """Java's AgeCalibration.fit (kernel-weighted mean/spread at knots every `step`, effective n >= 12, spread >= 1,
    isotonic means, values rounded to 0.01), with optional per-photo weights (all 1 = exactly Java's). With
    `lower`, the spread is the lower semi-deviation (true ages below the mean only): P(minor) is a lower-tail
    probability, and the true age given a raw estimate of 30+ is skewed to older ages, which a symmetric spread
    would count against the adult."""
    raw = np.asarray(raw, np.float64)
    age = np.asarray(age, np.float64)
    w0 = np.ones_like(raw) if weight is None else np.asarray(weight, np.float64)
    rows = []
    k = math.floor(raw.min() / step) * step
    while k <= raw.max() + 1e-9:
        w = w0 * np.exp(-0.5 * ((raw - k) / step) ** 2)
        sw, sw2 = w.sum(), (w * w).sum()
        if sw > 0 and sw * sw / sw2 >= 12:
            m = (w * age).sum() / sw
            if lower:
                below = age < m
                v = (w[below] * (age[below] - m) ** 2).sum() / max(1e-12, w[below].sum())
            else:
                v = (w * (age - m) ** 2).sum() / sw
            rows.append([k, m, max(1.0, math.sqrt(v)), sw])
        k += step
    blocks = []  # pool adjacent violators on the means, weighted by the sum of weights
    for r in rows:
        blocks.append([r[1], r[3], 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            b = blocks.pop()
            a = blocks[-1]
            a[0] = (a[0] * a[1] + b[0] * b[1]) / (a[1] + b[1])
            a[1] += b[1]
            a[2] += b[2]
    i = 0
    for val, _, n in blocks:
        for _ in range(n):
            rows[i][1] = val
            i += 1
    return np.array([[round(r[0], 2), round(r[1], 2), round(r[2], 2)] for r in rows], np.float32)


def calibrate(table, raw):
    kn, mn, sp = table[:, 0], table[:, 1], table[:, 2]
    raw = np.asarray(raw, np.float32)
    mean = np.interp(raw, kn, mn)
    mean = np.where(raw <= kn[0], raw + (mn[0] - kn[0]), mean)
    mean = np.where(raw >= kn[-1], raw + (mn[-1] - kn[-1]), mean)
    return mean, np.interp(raw, kn, sp)


def decide(mean, spread, challenge=25, minor_conf=0.75, adult_max=0.05):
    """VenueRules.judge for one shot (KTV defaults): 0 = ADULT, 1 = CHECK_ID, 2 = MINOR."""
    z = (18 - mean) / np.maximum(0.1, spread)
    p = 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))
    return np.where(p >= minor_conf, 2, np.where((mean >= challenge) & (p <= adult_max), 0, 1)), p


def figures(rows, raw, table):
    """Decision figures per population and gender (the issue's table): [k, n, rate]."""
    mean, spread = calibrate(table, raw)
    dec, _ = decide(mean, spread)
    ages = np.array([r['age'] for r in rows])
    genders = np.array([r['gender'] for r in rows])
    sets = np.array([r['set'] for r in rows])
    out = {}
    for pop, members in POPULATIONS.items():
        sel = np.isin(sets, members)
        if not sel.any():
            continue
        f = {}
        for g in ('all', 'male', 'female'):
            gs = sel & ((genders == g) if g != 'all' else True)
            teen = gs & (ages >= 13) & (ages <= 17)
            adult = gs & (ages >= 30)
            kt, nt = int((dec[teen] != 0).sum()), int(teen.sum())
            ka, na = int((dec[adult] == 0).sum()), int(adult.sum())
            f[g] = {'minors_13_17_stopped': [kt, nt, kt / nt if nt else None],
                    'adults_30plus_passed': [ka, na, ka / na if na else None]}
        teen = sel & (ages >= 13) & (ages <= 17)
        f['mae_13_17_calibrated'] = float(np.abs(mean[teen] - ages[teen]).mean()) if teen.any() else None
        f['mae_all_calibrated'] = float(np.abs(mean[sel] - ages[sel]).mean())
        out[pop] = f
    return out


def fmt(fig):
    def pct(x):
        return 'n/a' if x is None else '%.1f%%' % (100 * x)
    s = []
    for pop, f in fig.items():
        a = f['all']
        s.append('%s: 13-17 stopped %d/%d %s, 30+ passed %d/%d %s (women %s, men %s; teens stopped: girls %s, boys %s), '
                 '13-17 MAE %s' % (pop, a['minors_13_17_stopped'][0], a['minors_13_17_stopped'][1], pct(a['minors_13_17_stopped'][2]),
                                   a['adults_30plus_passed'][0], a['adults_30plus_passed'][1], pct(a['adults_30plus_passed'][2]),
                                   pct(f['female']['adults_30plus_passed'][2]), pct(f['male']['adults_30plus_passed'][2]),
                                   pct(f['female']['minors_13_17_stopped'][2]), pct(f['male']['minors_13_17_stopped'][2]),
                                   'n/a' if f['mae_13_17_calibrated'] is None else '%.2f' % f['mae_13_17_calibrated']))
    return '\n  '.join(s)


def sample_weights(rows, idx):
    """Per-photo weights, tempered inverse frequency of the (population, age band) cell: scarce teenagers and the
    East Asian population are not drowned out by the many adults and children."""
    counts, keys = {}, []
    for i in idx:
        r = rows[i]
        key = ('aaf' if r['set'] == 'faces-asian' else 'utk', stratum(r['age']))
        keys.append(key)
        counts[key] = counts.get(key, 0) + 1
    w = np.array([1.0 / counts[k] for k in keys]) ** 0.5
    return w / w.mean()


def calibration_weights(rows, idx):
    """Each (population, age band) cell of the calibration part weighs the same: the table's prior is an even age
    mix (like the faces-public table before it), not AAF's adult-heavy or faces-train's child-heavy one."""
    return sample_weights(rows, idx) ** 2


# ---------------------------------------------------------------- training
def load_views(crops, views, idx, n):
    out = []
    for v in views:
        mm = np.memmap(os.path.join(crops, 'h_%s.f32' % v), np.float32, 'r', shape=(n, 128, 14, 14))
        out.append(torch.from_numpy(np.ascontiguousarray(mm[idx])))
    return out


class Trainer:
    def __init__(self, model_path, args):
        self.net = OnnxModule(model_path)
        self.params = self.net.trainable(TRAINED)
        self.thresholds = [float(t) for t in args.thresholds.split(',')] if args.thresholds else []
        self.aux = torch.nn.Linear(512, max(1, len(self.thresholds)))
        self.args = args

    def forward(self, x):
        (age, gender), tap = self.net(x, start_from=CUT, taps=('reshape_136',))
        return age.reshape(-1), gender.reshape(-1, 2), self.aux(tap['reshape_136'].reshape(x.shape[0], -1))

    def raw_age(self, views2):
        """The SDK's raw age: the mean of the network on the crop and on its mirror."""
        out = []
        with torch.no_grad():
            for x in views2:
                out.append(torch.cat([self.forward(x[i:i + 256])[0] for i in range(0, len(x), 256)]).numpy())
        return (out[0] + out[1]) / 2

    def fit(self, X, ages, genders, weights, log):
        a = self.args
        with torch.no_grad():
            g0 = [torch.cat([self.forward(x[i:i + 256])[1] for i in range(0, len(x), 256)]) for x in X]
        ya = torch.from_numpy(ages.astype(np.float32))
        yg = torch.from_numpy(genders)
        sw = torch.from_numpy(weights.astype(np.float32))
        band = torch.where((ya >= 12) & (ya <= 32), a.band_weight, 1.0)
        tt = torch.tensor(self.thresholds) if self.thresholds else None
        opt = torch.optim.AdamW([{'params': self.params, 'lr': a.lr}, {'params': self.aux.parameters(), 'lr': a.lr * 5}],
                                weight_decay=a.wd)
        n = len(ya)
        nb = (n + a.batch - 1) // a.batch
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[a.lr, a.lr * 5], total_steps=a.epochs * len(X) * nb,
                                                    pct_start=0.15)
        for ep in range(a.epochs):
            t0, tot = time.time(), 0.0
            for v in np.random.RandomState(a.seed + ep).permutation(len(X)):
                perm = torch.randperm(n)
                for s in range(0, n, a.batch):
                    b = perm[s:s + a.batch]
                    age, gp, logits = self.forward(X[v][b])
                    loss = (F.smooth_l1_loss(age, ya[b], reduction='none', beta=a.huber) * sw[b] * band[b]).mean()
                    if tt is not None:
                        target = (ya[b][:, None] < tt[None, :]).float() * (1 - a.smooth) + 0.5 * a.smooth
                        bce = F.binary_cross_entropy_with_logits(logits, target, reduction='none').mean(1)
                        loss = loss + a.aux * (bce * sw[b]).mean()
                    if a.gender > 0:
                        lp = torch.log(gp + 1e-6)
                        loss = loss + a.gender * (F.nll_loss(lp, yg[b]) + F.kl_div(lp, g0[v][b], reduction='batchmean'))
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    sched.step()
                    tot += loss.item()
            log('  epoch %d: loss %.3f (%.0f s)' % (ep + 1, tot / (nb * len(X)), time.time() - t0))


def cut(args):
    onnx.utils.extract_model(args.model, args.out, ['input'], [CUT])


def train(args):
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, 'train.log'), 'w')

    def log(s):
        print(s, file=sys.stderr, flush=True)
        logf.write(s + '\n')
        logf.flush()

    rows = list(csv.DictReader(open(os.path.join(args.crops, 'crops.csv'))))
    for r in rows:
        r['age'] = int(r['age'])
        part = int(hashlib.sha1((r['set'] + '/' + r['file']).encode()).hexdigest()[:8], 16) % 4
        r['role'] = 'test' if r['half'] == 'held-out' else ('cal' if part == 0 else 'train')
    n = len(rows)
    role = np.array([r['role'] for r in rows])
    idx = {k: np.where(role == k)[0] for k in ('train', 'cal', 'test')}
    log('data: %d crops (the SDK\'s own, from %s); split: ' % (n, args.crops) + ', '.join('%s %d' % (k, len(v)) for k, v in idx.items()))
    for s in sorted({r['set'] for r in rows}):
        for k in ('train', 'cal', 'test'):
            sel = [i for i in idx[k] if rows[i]['set'] == s]
            log('  %-12s %-5s %5d crops, 13-17: %4d, 30+: %4d' % (s, k, len(sel), sum(1 for i in sel if 13 <= rows[i]['age'] <= 17),
                                                                  sum(1 for i in sel if rows[i]['age'] >= 30)))
    log('settings: ' + json.dumps({k: v for k, v in vars(args).items() if k != 'func'}))
    views = args.views.split(',')
    ages = np.array([r['age'] for r in rows])
    genders = np.array([1 if r['gender'] == 'female' else 0 for r in rows])
    tr, ca, te = idx['train'], idx['cal'], idx['test']
    X = load_views(args.crops, views, tr, n)
    C = load_views(args.crops, ['orig', 'flip'], ca, n)
    T = load_views(args.crops, ['orig', 'flip'], te, n) if args.report_held_out else None

    t = Trainer(args.model, args)
    log('trainable weights: %d (%s)' % (sum(p.numel() for p in t.params), ', '.join(TRAINED)))
    results = {}

    def report(name, trainer):
        raw_cal = trainer.raw_age(C)
        table = fit_calibration(raw_cal, ages[ca], calibration_weights(rows, ca), lower=True)
        res = {'calibration_part': figures([rows[i] for i in ca], raw_cal, table)}
        log('%s, calibration part (calibration fitted there):\n  %s' % (name, fmt(res['calibration_part'])))
        if T is not None:
            raw_te = trainer.raw_age(T)
            res['held_out'] = figures([rows[i] for i in te], raw_te, table)
            log('%s, HELD-OUT half:\n  %s' % (name, fmt(res['held_out'])))
        results[name] = res
        return table

    report('published weights, calibration refitted the same way', t)
    t0 = time.time()
    t.fit(X, ages[tr], genders[tr], sample_weights(rows, tr), log)
    log('trained in %.0f s' % (time.time() - t0))
    table = report('fine-tuned', t)

    onnx_path = os.path.join(args.out, 'age_gender_door.onnx')
    src = {p.key: p.value for p in onnx.load(args.model).metadata_props}
    changed = write_back(t.net, onnx_path, {
        'source': src.get('source', '') + '; exit flow and age head fine-tuned by EntryGuard tools/training (train.sh)',
        'source_sha256': src.get('source_sha256', ''),
        'license': src.get('license', '') + '. Fine-tuned on UTKFace (non-commercial research only) and All-Age-Faces (research '
                   'use, cite Cheng et al. 2019): these weights inherit research-only terms; retrain on licensed data before '
                   'commercial use',
        'converter': 'EntryGuard tools/models/convert.py, tools/training/train_age.py',
        'training': json.dumps({k: v for k, v in vars(args).items() if k not in ('crops', 'out', 'model', 'func')}),
    })
    log('exported %s (%d weight tensors replaced)' % (onnx_path, len(changed)))
    # the exported graph must give the trained module's ages: rerun it from the input on a few crops
    check = OnnxModule(onnx_path)
    crops = np.fromfile(os.path.join(args.crops, 'crops.u8'), np.uint8, count=8 * 112 * 112 * 3).reshape(8, 112, 112, 3)
    x = torch.from_numpy(crops.astype(np.float32))
    with torch.no_grad():
        mine = t.forward(t.net(x, stop_at=CUT))[0]
        theirs = check(x)[0].reshape(-1)
    diff = float((mine - theirs).abs().max())
    log('exported graph vs trained module on 8 crops: max |age diff| %.2e' % diff)
    if diff > 1e-3:
        raise SystemExit('the exported graph does not reproduce the trained module')
    with open(os.path.join(args.out, 'age_gender_door_calibration.csv'), 'w') as f:
        f.write('# EntryGuard door-tuned age model calibration: raw network age (landmark crop + mirror average) -> mean and\n')
        f.write('# lower semi-deviation of the true age. tools/training (train.sh): fitted on the calibration part of the fit\n')
        f.write('# halves, each (population, age band) weighted equally. Numbers only, no photos.\n')
        f.write('raw,mean,spread\n')
        for k, m, s in table:
            f.write('%.2f,%.2f,%.2f\n' % (k, m, s))
    json.dump({'settings': {k: v for k, v in vars(args).items() if k != 'func'}, 'counts': {k: len(v) for k, v in idx.items()},
               'results': results}, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    log('wrote %s, age_gender_door_calibration.csv, report.json' % onnx_path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(required=True)
    c = sub.add_parser('cut', help='write the frozen trunk (input -> %s) as ONNX' % CUT)
    c.add_argument('--model', required=True)
    c.add_argument('--out', required=True)
    c.set_defaults(func=cut)
    t = sub.add_parser('train', help='fine-tune, calibrate, report, export')
    t.add_argument('--crops', required=True, help='crops.csv + h_<view>.f32 trunk outputs')
    t.add_argument('--model', required=True, help='the published age_gender.onnx to start from')
    t.add_argument('--out', required=True)
    t.add_argument('--views', default='orig,flip,aug1,aug2,aug3')
    t.add_argument('--seed', type=int, default=20261202)
    t.add_argument('--epochs', type=int, default=4)
    t.add_argument('--batch', type=int, default=64)
    t.add_argument('--lr', type=float, default=5e-4)
    t.add_argument('--wd', type=float, default=1e-4)
    t.add_argument('--huber', type=float, default=2.0)
    t.add_argument('--band-weight', type=float, default=2.0, help='loss weight of ages 12..32')
    t.add_argument('--thresholds', default='18,25', help='auxiliary P(age < t) heads; empty for none')
    t.add_argument('--aux', type=float, default=0.5)
    t.add_argument('--smooth', type=float, default=0.1)
    t.add_argument('--gender', type=float, default=0.3, help='weight of keeping the gender output (labels + distillation)')
    t.add_argument('--report-held-out', action='store_true', help='also report the held-out half (once, at the end)')
    t.set_defaults(func=train)
    args = ap.parse_args()
    args.func(args)


if __name__ == '__main__':
    main()
