// The Node peer of the EntryGuard JMH suite (see BENCHMARKS.md): face-api.js, the JavaScript stack integrators
// use today, on the very frames the Java benchmark uses, detector + age per frame.
//
//   node benchmarks/peer/peer.mjs --frames DIR [--backends wasm,cpu] [--warmup N] [--iterations N]
//        [--cpu-frames all|NAME,...] [--cpu-warmup N] [--cpu-iterations N] [--out FILE.json]
//
// DIR holds the PNGs + manifest.json written by `java -cp benchmarks.jar org.entryguard.benchmarks.BenchFrames DIR`.
// Each PNG is decoded here (minimal PNG decoder, node:zlib) and its RGB bytes are checked against the SHA-256
// in the manifest, so the peer provably sees the same pixels as the JMH run.
//
// Per frame (timed): RGB bytes -> tf.tensor3d -> detectAllFaces(TinyFaceDetectorOptions{inputSize 416,
// scoreThreshold 0.5}).withAgeAndGender() -> dispose. That is what the Java pipeline benchmark does
// (FrameAnalyzer.analyze: TinyFaceDetector 416 + AgeGenderNet per face); the decoding is not timed on either side.
// Backends: 'wasm' (@tensorflow/tfjs-backend-wasm, XNNPACK, SIMD if available) and 'cpu' (pure-JS kernels).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const wasmBackend = require('@tensorflow/tfjs-backend-wasm');
const { tf } = faceapi;
const MODEL_DIR = path.join(HERE, 'node_modules', '@vladmandic', 'face-api', 'model');
const DETECTOR_SIZE = 416;

function parseArgs(argv) {
  const a = {
    frames: null, backends: ['wasm', 'cpu'], warmup: 5, iterations: 30,
    cpuFrames: ['1920x1080_1face.png'], cpuWarmup: 1, cpuIterations: 3, out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => argv[++i];
    if (v === '--frames') a.frames = next();
    else if (v === '--backends') a.backends = next().split(',').filter(Boolean);
    else if (v === '--warmup') a.warmup = Number(next());
    else if (v === '--iterations') a.iterations = Number(next());
    else if (v === '--cpu-frames') a.cpuFrames = next().split(',').filter(Boolean);
    else if (v === '--cpu-warmup') a.cpuWarmup = Number(next());
    else if (v === '--cpu-iterations') a.cpuIterations = Number(next());
    else if (v === '--out') a.out = next();
    else throw new Error(`unknown argument ${v}`);
  }
  if (!a.frames) throw new Error('--frames DIR is required (written by org.entryguard.benchmarks.BenchFrames)');
  return a;
}

// ---- minimal PNG decoder: 8-bit RGB/RGBA, non-interlaced (what javax.imageio writes) ----
function decodePng(file) {
  const buf = fs.readFileSync(file);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error(`${file}: not a PNG`);
  let pos = 8;
  let width = 0; let height = 0; let colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      const depth = data[8]; colorType = data[9]; const interlace = data[12];
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
        throw new Error(`${file}: only 8-bit RGB/RGBA non-interlaced PNGs are supported`);
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rowBytes = width * bpp;
  const px = new Uint8Array(width * height * bpp);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const dst = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const r = raw[src + x];
      const a = x >= bpp ? px[dst + x - bpp] : 0;
      const b = y > 0 ? px[dst - rowBytes + x] : 0;
      const c = x >= bpp && y > 0 ? px[dst - rowBytes + x - bpp] : 0;
      let v;
      switch (filter) {
        case 0: v = r; break;
        case 1: v = r + a; break;
        case 2: v = r + b; break;
        case 3: v = r + ((a + b) >> 1); break;
        case 4: { const p = a + b - c; const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c);
          v = r + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c); break; }
        default: throw new Error(`${file}: bad PNG filter ${filter}`);
      }
      px[dst + x] = v & 0xff;
    }
  }
  if (bpp === 3) return { width, height, rgb: px };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < px.length; i += 4, j += 3) { rgb[j] = px[i]; rgb[j + 1] = px[i + 1]; rgb[j + 2] = px[i + 2]; }
  return { width, height, rgb };
}

function percentile(sorted, p) {
  // nearest-rank on the sorted sample, as JMH's SampleTime percentiles (p in 0..100)
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

async function analyze(frame, options) {
  const t = tf.tensor3d(frame.rgb, [frame.height, frame.width, 3], 'int32');
  try {
    return await faceapi.detectAllFaces(t, options).withAgeAndGender();
  } finally {
    t.dispose();
  }
}

async function runBackend(backend, frames, warmup, iterations) {
  await tf.setBackend(backend);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`backend ${backend} did not activate (got ${tf.getBackend()})`);
  // (re)load the weights onto this backend
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.ageGenderNet.loadFromDisk(MODEL_DIR);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: DETECTOR_SIZE, scoreThreshold: 0.5 });
  const out = [];
  for (const f of frames) {
    let found = null;
    for (let i = 0; i < warmup; i++) found = await analyze(f, options);
    const ms = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = process.hrtime.bigint();
      found = await analyze(f, options);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const sorted = [...ms].sort((x, y) => x - y);
    const r = {
      backend, resolution: f.resolution, faces: f.faces, file: f.file,
      facesFound: found ? found.length : null,
      ages: found ? found.map((d) => Math.round(d.age * 10) / 10) : [],
      n: ms.length,
      p50: percentile(sorted, 50), p99: percentile(sorted, 99),
      mean: ms.reduce((s, v) => s + v, 0) / ms.length, min: sorted[0], max: sorted[sorted.length - 1],
    };
    const warn = r.facesFound !== f.faces ? `  (expected ${f.faces} face(s)!)` : '';
    console.log(`${backend.padEnd(4)} ${f.resolution.padEnd(9)} ${f.faces} face(s): p50 ${r.p50.toFixed(1).padStart(8)} ms  p99 ${r.p99.toFixed(1).padStart(8)} ms  mean ${r.mean.toFixed(1).padStart(8)} ms  n=${r.n}  found ${r.facesFound}${warn}`);
    out.push(r);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(args.frames, 'manifest.json'), 'utf8'));
  const frames = manifest.frames.map((m) => {
    const img = decodePng(path.join(args.frames, m.file));
    const sha = createHash('sha256').update(img.rgb).digest('hex');
    if (sha !== m.rgbSha256 || img.width !== m.width || img.height !== m.height) {
      throw new Error(`${m.file}: pixels differ from the manifest (sha ${sha} vs ${m.rgbSha256}); regenerate the frames`);
    }
    return { ...m, rgb: img.rgb };
  });
  wasmBackend.setWasmPaths(`${path.join(HERE, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  const result = {
    generator: 'benchmarks/peer/peer.mjs',
    faceApi: `@vladmandic/face-api@${faceapi.version}`,
    tfjs: `@tensorflow/tfjs@${tf.version.tfjs}`,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    detector: { model: 'TinyFaceDetector', inputSize: DETECTOR_SIZE, scoreThreshold: 0.5 },
    timed: 'tensor3d(RGB) + detectAllFaces(...).withAgeAndGender() + dispose, per frame',
    backends: {},
    results: [],
  };
  for (const backend of args.backends) {
    const isCpu = backend === 'cpu';
    const selected = isCpu && !(args.cpuFrames.length === 1 && args.cpuFrames[0] === 'all')
      ? frames.filter((f) => args.cpuFrames.includes(f.file))
      : frames;
    const rows = await runBackend(backend, selected, isCpu ? args.cpuWarmup : args.warmup, isCpu ? args.cpuIterations : args.iterations);
    const info = { frames: selected.length };
    if (backend === 'wasm') {
      info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      info.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      info.threads = typeof wasmBackend.getThreadsCount === 'function' ? wasmBackend.getThreadsCount() : null;
    }
    result.backends[backend] = info;
    result.results.push(...rows);
  }
  console.log(`backends: ${JSON.stringify(result.backends)}`);
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(result, null, 1)}\n`);
    console.log(`wrote ${args.out}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
