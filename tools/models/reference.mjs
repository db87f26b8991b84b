// Reference runner: the ORIGINAL face-api models (@vladmandic/face-api 1.7.15) on the pure-JS tfjs
// CPU backend (@tensorflow/tfjs 4.22.0).  Run from anywhere with Node 20 after fetch.sh:
//
//   node tools/models/reference.mjs [--canvas W,H,GREY,X,Y] [--dump DIR] [--golden FILE]
//        [--stages] [--key-prefix P] [--meta KEY=TEXT]... IMAGE.ppm...
//
// Inputs are binary PPM files written by DecodeRgb.java (javax.imageio decoding, the SDK's decoder),
// so the reference sees exactly the pixels the Java SDK sees.  --canvas pastes each image at (X,Y)
// into a WxH canvas filled with RGB (GREY,GREY,GREY) before anything else.
//
// --golden FILE  writes the golden JSON (format: tools/models/README.md).
// --stages      adds per-stage tensor checks (first values + sums) to the golden JSON.
// --dump DIR     writes every network input tensor as raw float32 plus the tfjs outputs for the same
//                input, a manifest.json and one RunOnnx job list per model (for verify.sh).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORK = path.join(HERE, 'work');
const require = createRequire(path.join(WORK, 'package.json'));
// face-api's Node build for "pure JS" environments: it loads @tensorflow/tfjs and registers the wasm
// backend; we force the plain JS 'cpu' backend below.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { tf } = faceapi;
const MODEL_DIR = path.join(WORK, 'node_modules', '@vladmandic', 'face-api', 'model');

const TINY_SIZES_DUMP = [416, 224, 320, 608]; // extra sizes only to verify the dynamic ONNX input

function parseArgs(argv) {
  const a = { images: [], canvas: null, dump: null, golden: null, keyPrefix: '', stages: false, meta: {} };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--canvas') a.canvas = argv[++i].split(',').map(Number);
    else if (v === '--dump') a.dump = argv[++i];
    else if (v === '--golden') a.golden = argv[++i];
    else if (v === '--key-prefix') a.keyPrefix = argv[++i];
    else if (v === '--stages') a.stages = true;
    else if (v === '--meta') { const [k, ...rest] = argv[++i].split('='); a.meta[k] = rest.join('='); }
    else a.images.push(v);
  }
  return a;
}

function readPpm(file) {
  const buf = fs.readFileSync(file);
  const tokens = [];
  let pos = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    let s = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) s += String.fromCharCode(buf[pos++]);
    tokens.push(s);
  }
  pos++; // single whitespace after maxval
  if (tokens[0] !== 'P6' || tokens[3] !== '255') throw new Error(`${file}: not a binary 8-bit PPM`);
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  const rgb = buf.subarray(pos, pos + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error(`${file}: truncated`);
  return { width, height, rgb: new Uint8Array(rgb) };
}

function composeCanvas(img, [w, h, grey, ox, oy]) {
  const rgb = new Uint8Array(w * h * 3).fill(grey);
  for (let y = 0; y < img.height; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= h) continue;
    for (let x = 0; x < img.width; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= w) continue;
      for (let c = 0; c < 3; c++) rgb[(ty * w + tx) * 3 + c] = img.rgb[(y * img.width + x) * 3 + c];
    }
  }
  return { width: w, height: h, rgb };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function stats(data, shape) {
  // sum in float64 over the float32 values, in memory order (row-major NHWC)
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const out = { first16: Array.from(data.slice(0, 16)), sum };
  if (shape && shape.length >= 3) {
    // 16 values starting at the centre pixel (row h/2, column w/2, channel 0)
    const [h, w, c] = shape.slice(-3);
    const off = (Math.floor(h / 2) * w + Math.floor(w / 2)) * c;
    out.center16Offset = off;
    out.center16 = Array.from(data.slice(off, off + 16));
  }
  return out;
}

function boxJson(b) {
  return { x: b.x, y: b.y, width: b.width, height: b.height };
}

class Dumper {
  constructor(dir) {
    this.dir = dir;
    this.entries = [];
    if (dir) fs.mkdirSync(dir, { recursive: true });
  }

  write(name, tensorOrArray) {
    const data = tensorOrArray instanceof Float32Array ? tensorOrArray : tensorOrArray.dataSync();
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength));
    return file;
  }

  add(model, name, input, outputs, extra = {}) {
    if (!this.dir) return;
    const entry = {
      model,
      name,
      shape: input.shape,
      input: this.write(`${name}.in.f32`, input),
      ref: {},
      onnxPrefix: path.join(this.dir, `${name}.onnx`),
      ...extra,
    };
    for (const [k, t] of Object.entries(outputs)) entry.ref[k] = this.write(`${name}.ref.${k}.f32`, t);
    this.entries.push(entry);
  }

  finish() {
    if (!this.dir) return;
    fs.writeFileSync(path.join(this.dir, 'manifest.json'), JSON.stringify(this.entries, null, 1));
    const byModel = {};
    for (const e of this.entries) (byModel[e.model] ||= []).push(`${e.input} ${e.shape.join(',')} ${e.onnxPrefix}`);
    for (const [m, lines] of Object.entries(byModel)) fs.writeFileSync(path.join(this.dir, `jobs.${m}.txt`), `${lines.join('\n')}\n`);
  }
}

async function ageStage(imgTensor, detection, dumper, name, withDetails) {
  // exactly what PredictAllAgeAndGenderTask does for one face: extractFaceTensors -> AgeGenderNet
  const [face] = await faceapi.extractFaceTensors(imgTensor, [detection]);
  const cropBox = detection.forSize(imgTensor.shape[1], imgTensor.shape[0]).box
    .clipAtImageBorders(imgTensor.shape[1], imgTensor.shape[0]);
  const netInput = await faceapi.toNetInput(face);
  const input112 = netInput.toBatchTensor(112, true);
  const { age, gender } = faceapi.nets.ageGenderNet.forwardInput(netInput);
  const lm = faceapi.nets.faceLandmark68TinyNet.runNet(netInput);
  dumper.add('age_gender', name, input112, { age, gender });
  dumper.add('face_landmark_68_tiny', `${name}.lm`, input112, { landmarks: lm });
  let details = null;
  if (withDetails) {
    const landmarksPx = await faceapi.nets.faceLandmark68TinyNet.detectLandmarks(face);
    const shifted = landmarksPx.shiftBy(detection.box.x, detection.box.y);
    details = {
      cropBox: boxJson(cropBox),
      crop: { shape: face.shape, ...stats(face.dataSync(), face.shape) },
      input112: { shape: input112.shape, ...stats(input112.dataSync(), input112.shape) },
      ageRaw: Array.from(age.dataSync()),
      genderSoftmax: Array.from(gender.dataSync()),
      landmarks68TinyRaw: Array.from(lm.dataSync()),
      landmarks68TinyPx: shifted.positions.map((p) => [p.x, p.y]),
    };
  }
  tf.dispose([face, input112, age, gender, lm]);
  return details;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error('cpu backend not active');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(MODEL_DIR);
  await faceapi.nets.ageGenderNet.loadFromDisk(MODEL_DIR);
  await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(MODEL_DIR);
  const dumper = new Dumper(args.dump);
  const golden = {
    generator: 'tools/models/reference.mjs',
    faceApi: `@vladmandic/face-api@${faceapi.version}`,
    tfjs: `@tensorflow/tfjs@${tf.version.tfjs}`,
    backend: tf.getBackend(),
    decoder: 'javax.imageio.ImageIO via tools/models/DecodeRgb.java (BufferedImage.getRGB)',
    ...args.meta,
    canvas: args.canvas ? { width: args.canvas[0], height: args.canvas[1], fill: [args.canvas[2], args.canvas[2], args.canvas[2]], x: args.canvas[3], y: args.canvas[4] } : null,
    images: {},
  };
  for (const file of args.images) {
    const key = args.keyPrefix + path.basename(file).replace(/\.ppm$/, '');
    const decoded = readPpm(file);
    const img = args.canvas ? composeCanvas(decoded, args.canvas) : decoded;
    const t0 = Date.now();
    const imgTensor = tf.tensor3d(Int32Array.from(img.rgb), [img.height, img.width, 3], 'int32');
    const entry = {
      width: img.width,
      height: img.height,
      rgbSha256: sha256(img.rgb),
    };
    if (args.canvas) {
      entry.source = { width: decoded.width, height: decoded.height, rgbSha256: sha256(decoded.rgb) };
    }
    const detailed = args.stages;
    const stages = {};
    // ---- full pipelines (what the golden test compares) ----
    for (const [det, options] of [
      ['tinyFaceDetector', new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 })],
      ['ssdMobilenetv1', new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 })],
    ]) {
      const results = await faceapi.detectAllFaces(imgTensor, options).withAgeAndGender();
      entry[det] = {
        options: det === 'tinyFaceDetector' ? { inputSize: 416, scoreThreshold: 0.5 } : { minConfidence: 0.5, maxResults: 100 },
        faces: results.map((r) => ({
          box: boxJson(r.detection.box),
          score: r.detection.score,
          age: r.age,
          gender: r.gender,
          genderProbability: r.genderProbability,
        })),
      };
      // ---- per-stage tensors of the age net for the same faces ----
      const faceStages = [];
      for (let i = 0; i < results.length; i++) {
        const d = await ageStage(imgTensor, results[i].detection, dumper, `${key}.${det}.face${i}`, detailed);
        if (d) faceStages.push(d);
      }
      if (detailed) stages[`${det}Faces`] = faceStages;
    }
    // ---- raw detector tensors ----
    if (!args.dump && !detailed) {
      tf.dispose(imgTensor);
      golden.images[key] = entry;
      console.error(`${key}: tiny ${entry.tinyFaceDetector.faces.length} face(s), ssd ${entry.ssdMobilenetv1.faces.length} face(s)  ${Date.now() - t0} ms`);
      continue;
    }
    const netInput = await faceapi.toNetInput(imgTensor);
    for (const size of (args.dump ? TINY_SIZES_DUMP : [416])) {
      const input = netInput.toBatchTensor(size, false);
      const out = faceapi.nets.tinyFaceDetector.forwardInput(netInput, size);
      dumper.add('tiny_face_detector', `${key}.tiny${size}`, input, { output: out });
      if (detailed && size === 416) {
        stages.tinyFaceDetector416 = {
          input: { shape: input.shape, ...stats(input.dataSync(), input.shape) },
          output: { shape: out.shape, ...stats(out.dataSync()) },
          reshapedInputDimensions: netInput.getReshapedInputDimensions(0),
        };
      }
      tf.dispose([input, out]);
    }
    const ssdIn = netInput.toBatchTensor(512, false);
    const ssdOut = faceapi.nets.ssdMobilenetv1.forwardInput(netInput);
    dumper.add('ssd_mobilenetv1', `${key}.ssd`, ssdIn, { boxes: ssdOut.boxes[0], scores: ssdOut.scores[0] });
    if (detailed) {
      stages.ssdMobilenetv1 = {
        input: { shape: ssdIn.shape, ...stats(ssdIn.dataSync(), ssdIn.shape) },
        boxes: { shape: [1, ...ssdOut.boxes[0].shape], ...stats(ssdOut.boxes[0].dataSync()) },
        scores: { shape: [1, ...ssdOut.scores[0].shape], ...stats(ssdOut.scores[0].dataSync()) },
      };
      entry.stages = stages;
    }
    tf.dispose([ssdIn, ...ssdOut.boxes, ...ssdOut.scores, imgTensor]);
    golden.images[key] = entry;
    console.error(`${key}: tiny ${entry.tinyFaceDetector.faces.length} face(s), ssd ${entry.ssdMobilenetv1.faces.length} face(s)  ${Date.now() - t0} ms`);
  }
  dumper.finish();
  if (args.golden) {
    fs.mkdirSync(path.dirname(args.golden), { recursive: true });
    // pretty-print, but keep arrays of numbers on one line
    const text = JSON.stringify(golden, null, 2)
      .replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (m, inner) => `[${inner.split(/,\s*/).join(', ')}]`);
    fs.writeFileSync(args.golden, `${text}\n`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
