#!/usr/bin/python3
"""Convert the pretrained face-api models of @vladmandic/face-api@1.7.15 to ONNX.

Run with the Debian python (it has python3-onnx 1.12 + numpy):

    /usr/bin/python3 tools/models/convert.py [--src DIR] [--out DIR]

DIR defaults: --src tools/models/work/node_modules/@vladmandic/face-api/model
              --out sdk-core/src/main/resources/org/entryguard/models

The script reads the tfjs weights manifests + .bin files, checks their SHA-256 against the values
pinned below (refuses to run on anything else), and rebuilds the exact forward pass of each
face-api network as an ONNX graph (opset 17).  Every graph takes float32 NHWC RGB pixels in the
range 0..255 (the tensor face-api builds with NetInput.toBatchTensor, i.e. after pad-to-square +
tf.image.resizeBilinear, before normalisation) and does face-api's own normalisation inside.

Weights: the tfjs files store most tensors as uint8 with a per-tensor (scale, min); tfjs decodes
them as Float32(q * scale + min) computed in double precision.  We keep the uint8 codes in the
ONNX file together with a 256-entry float32 lookup table holding exactly those decoded values
(Cast(uint8->int32) -> Gather(lut)), so the ONNX weights are bit-identical to the tfjs weights
while the files stay as small as the originals.  Small tensors (<= 256 elements) and tensors
stored as float32 upstream are written as plain float32 initializers.  ONNX Runtime
constant-folds the Gather at session creation, so there is no per-inference cost.

The graphs reproduce face-api's op order (e.g. conv -> add bias, TF 'same' padding as explicit
asymmetric pads) so that outputs match tfjs to float32 rounding noise.  One deliberate exception:
face-api's leaky-ReLU formula relu(x - 0.1x) + 0.1x is emitted as the equivalent LeakyRelu(0.1), which
ONNX Runtime fuses into the convolution (same values up to float32 rounding; about 2x faster).  See MODELS.md for the contracts and the measured differences.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FACE_API_VERSION = '1.7.15'
OPSET = 17

# SHA-256 of the upstream files (npm package @vladmandic/face-api@1.7.15, folder model/).
PINNED_SHA256 = {
    'tiny_face_detector_model-weights_manifest.json': '5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5',
    'tiny_face_detector_model.bin': 'b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871',
    'ssd_mobilenetv1_model-weights_manifest.json': '888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955',
    'ssd_mobilenetv1_model.bin': '2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8',
    'age_gender_model-weights_manifest.json': '74b60bf3ebf981bf4e661e9cca3a185614e10b25d797118b62e2a68d3ff2569f',
    'age_gender_model.bin': '49f92bbc0afef2342c4385e4a2b0acb6d7a727c6f0aa539499719a81acf9abaa',
    'face_landmark_68_tiny_model-weights_manifest.json': '9a1a5dd19fd814fd5095c3cb58f8e0d3193b8c5b9a6715b30a69d559aea31ad4',
    'face_landmark_68_tiny_model.bin': 'b98e9f2f7da76f8a6dda9741a36ed485b224b889d552de2b2c1bb16217f67bfc',
}

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
DEFAULT_SRC = os.path.join(HERE, 'work', 'node_modules', '@vladmandic', 'face-api', 'model')
DEFAULT_OUT = os.path.join(REPO, 'sdk-core', 'src', 'main', 'resources', 'org', 'entryguard', 'models')

LUT_MIN_ELEMENTS = 257  # tensors with fewer elements are stored as float32


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


class Weight:
    """One tfjs weight: its decoded float32 value and (when quantized) its uint8 codes + LUT."""

    def __init__(self, name, shape, values, codes=None, lut=None):
        self.name = name
        self.shape = tuple(shape)
        self.values = values  # float32 ndarray, exactly what tfjs decodes
        self.codes = codes    # uint8 ndarray (same shape) or None
        self.lut = lut        # float32[256] or None


def load_tfjs_weights(src, model_name):
    """Reads <model_name>-weights_manifest.json + its .bin file(s) like tfjs-core io.decodeWeights."""
    manifest_name = model_name + '-weights_manifest.json'
    files = [manifest_name]
    with open(os.path.join(src, manifest_name), 'rb') as f:
        manifest = json.loads(f.read())
    for group in manifest:
        files.extend(group['paths'])
    for fn in files:
        digest = sha256_file(os.path.join(src, fn))
        if PINNED_SHA256.get(fn) != digest:
            sys.exit(f'SHA-256 mismatch for {fn}: got {digest}, pinned {PINNED_SHA256.get(fn)}')
    weights = {}
    for group in manifest:
        data = b''.join(open(os.path.join(src, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            shape = spec['shape']
            n = int(np.prod(shape)) if shape else 1
            q = spec.get('quantization')
            if q:
                if q['dtype'] != 'uint8':
                    sys.exit(f'unsupported quantization {q} for {spec["name"]}')
                codes = np.frombuffer(data, dtype=np.uint8, count=n, offset=offset).reshape(shape)
                offset += n
                # tfjs: values[i] = v * scale + min in double precision, stored into a Float32Array
                lut64 = np.arange(256, dtype=np.float64) * float(q['scale']) + float(q['min'])
                if spec['dtype'] == 'float32':
                    lut = lut64.astype(np.float32)
                else:  # int32 tensors (unused shape constants of the SSD graph)
                    lut = lut64.astype(np.int64).astype(np.float32)
                weights[spec['name']] = Weight(spec['name'], shape, lut[codes.astype(np.int64)], codes.copy(), lut)
            else:
                if spec['dtype'] != 'float32':
                    sys.exit(f'unsupported dtype {spec["dtype"]} for {spec["name"]}')
                vals = np.frombuffer(data, dtype='<f4', count=n, offset=offset).reshape(shape).astype(np.float32)
                offset += 4 * n
                weights[spec['name']] = Weight(spec['name'], shape, vals)
        if offset != len(data):
            sys.exit(f'{model_name}: consumed {offset} bytes of {len(data)}')
    return weights, files


def tf_same_pads(size, k, s):
    """TensorFlow 'SAME' padding (before, after) for one spatial dimension."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.used = set()
        self.nodes = []
        self.inits = []
        self.counter = 0

    def name(self, base):
        self.counter += 1
        return f'{base}_{self.counter}'

    def node(self, op, inputs, base=None, out=None, **attrs):
        out = out or self.name(base or op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def const(self, value, base='const'):
        arr = np.asarray(value)
        nm = self.name(base)
        self.inits.append(numpy_helper.from_array(arr, nm))
        return nm

    def weight(self, tfname, perm=None, reshape=None):
        """Float32 tensor of weight `tfname`, optionally transposed / reshaped (to ONNX layout)."""
        wt = self.w[tfname]
        self.used.add(tfname)
        safe = tfname.replace('/', '.')

        def layout(a):
            if perm is not None:
                a = np.transpose(a, perm)
            if reshape is not None:
                a = a.reshape(reshape)
            return np.ascontiguousarray(a)

        if wt.codes is not None and wt.codes.size >= LUT_MIN_ELEMENTS:
            codes = layout(wt.codes)
            q = safe + '.q'
            lut = safe + '.lut'
            self.inits.append(numpy_helper.from_array(codes, q))
            self.inits.append(numpy_helper.from_array(wt.lut.astype(np.float32), lut))
            idx = self.node('Cast', [q], base=safe + '.idx', to=TensorProto.INT32)
            return self.node('Gather', [lut, idx], base=safe, axis=0)
        self.inits.append(numpy_helper.from_array(layout(wt.values).astype(np.float32), safe))
        return safe

    # ----- layers (x is always NCHW inside the graph) -----
    def conv_filters(self, tfname):  # tfjs [kh, kw, in, out] -> ONNX [out, in, kh, kw]
        return self.weight(tfname, perm=(3, 2, 0, 1))

    def depthwise_filters(self, tfname):  # tfjs [kh, kw, C, 1] -> ONNX [C, 1, kh, kw]
        kh, kw, c, m = self.w[tfname].shape
        assert m == 1
        return self.weight(tfname, perm=(2, 3, 0, 1), reshape=(c, 1, kh, kw))

    def conv(self, x, filt, k, stride, pads, group=1):
        """pads: int (same on all sides) or ONNX [h_begin, w_begin, h_end, w_end]."""
        pads = [pads] * 4 if isinstance(pads, int) else list(pads)
        return self.node('Conv', [x, filt], kernel_shape=[k, k], strides=[stride, stride], pads=pads, group=group)

    def add_bias(self, x, tfname):  # tf.add(x, bias) on NHWC == add [1, C, 1, 1] on NCHW
        c = self.w[tfname].shape[0]
        return self.node('Add', [x, self.weight(tfname, reshape=(1, c, 1, 1))])

    def relu(self, x):
        return self.node('Relu', [x])

    def clip06(self, x):
        return self.node('Clip', [x, self.const(np.float32(0)), self.const(np.float32(6))])


def pads4(ph, pw):
    """ONNX pads from (before, after) per spatial dim: [h_begin, w_begin, h_end, w_end]."""
    return [ph[0], pw[0], ph[1], pw[1]]


def normalize_mean_div255(g, x_nhwc, mean_rgb):
    """face-api ops/normalize + .div(255): (x - meanRgb) / 255, on NHWC."""
    x = g.node('Sub', [x_nhwc, g.const(np.array(mean_rgb, dtype=np.float32), 'mean_rgb')])
    return g.node('Div', [x, g.const(np.float32(255), 'c255')])


def finish(g, name, inputs, outputs, doc, meta):
    unused = set(g.w) - g.used
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    model = helper.make_model(graph, producer_name='entryguard tools/models/convert.py',
                              opset_imports=[helper.make_opsetid('', OPSET)], doc_string=doc)
    model.ir_version = 8
    for k, v in meta.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(model, full_check=True)
    return model, sorted(unused)


# --------------------------------------------------------------------------------------------
# TinyFaceDetector  (face-api src/tinyYolov2/TinyYolov2Base.ts runMobilenet, config of
# src/tinyFaceDetector/TinyFaceDetector.ts: withSeparableConvs, isFirstLayerConv2d,
# filterSizes [3,16,32,64,128,256,512] -> no conv6/conv7, meanRgb [117.001,114.697,97.404])
# --------------------------------------------------------------------------------------------
def leaky(g, x):
    # face-api tinyYolov2/leaky.ts computes relu(x - 0.1x) + 0.1x, which is LeakyRelu(0.1) up to float32
    # rounding (x >= 0: x - 0.1x + 0.1x; x < 0: 0.1x).  A single LeakyRelu lets ONNX Runtime fuse the
    # activation into the convolution: the four-op formula made four extra passes over every activation map
    # and cost ~45 % of the detector's time (BENCHMARKS.md, "the floor"); raw logits move by <= 1e-5.
    return g.node('LeakyRelu', [x], alpha=0.10000000149011612)


def build_tiny_face_detector(w):
    g = Graph(w)
    inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, 'S', 'S', 3])
    # normalisation on NHWC as face-api does it, then to NCHW
    xn = normalize_mean_div255(g, 'input', [117.001, 114.697, 97.404])
    x = g.node('Transpose', [xn], base='to_nchw', perm=[0, 3, 1, 2])
    # conv0: leaky(convLayer(x, conv0, 'valid'))  -> S-2
    x = g.conv(x, g.conv_filters('conv0/filters'), 3, 1, 0)
    x = leaky(g, g.add_bias(x, 'conv0/bias'))
    # maxPool 2x2/2 'same' on even S-2: no padding
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])

    def sep(x, prefix):  # tinyYolov2/depthwiseSeparableConv.ts: pad 1, separableConv2d 'valid', +bias, leaky
        c = w[prefix + '/depthwise_filter'].shape[2]
        x = g.conv(x, g.depthwise_filters(prefix + '/depthwise_filter'), 3, 1, 1, group=c)
        x = g.conv(x, g.conv_filters(prefix + '/pointwise_filter'), 1, 1, 0)
        return leaky(g, g.add_bias(x, prefix + '/bias'))

    x = sep(x, 'conv1')
    # input here is S/2-1 (odd): TF 'same' pads 1 at the end
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1])
    x = sep(x, 'conv2')
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
    x = sep(x, 'conv3')
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
    x = sep(x, 'conv4')
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
    x = sep(x, 'conv5')
    # maxPool 2x2 stride 1 'same': pad 1 at the end
    x = g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[1, 1], pads=[0, 0, 1, 1])
    # conv8: convLayer(out, conv8, 'valid') 1x1
    x = g.conv(x, g.conv_filters('conv8/filters'), 1, 1, 0)
    x = g.add_bias(x, 'conv8/bias')
    nout = w['conv8/bias'].shape[0]
    g.node('Transpose', [x], out='output', perm=[0, 2, 3, 1])
    outputs = [helper.make_tensor_value_info('output', TensorProto.FLOAT, [1, 'S_div_32', 'S_div_32', nout])]
    return g, [inp], outputs


# --------------------------------------------------------------------------------------------
# SsdMobilenetv1  (face-api src/ssdMobilenetv1/*: mobileNetV1, predictionLayer, outputLayer)
# --------------------------------------------------------------------------------------------
def build_ssd_mobilenetv1(w):
    g = Graph(w)
    size = 512
    inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, size, size, 3])
    x = g.node('Div', ['input', g.const(np.float32(127.5), 'c127_5')])
    x = g.node('Sub', [x, g.const(np.float32(1), 'c1')])
    x = g.node('Transpose', [x], base='to_nchw', perm=[0, 3, 1, 2])
    cur = size

    def pointwise(x, prefix, stride, cur):  # pointwiseConvLayer: conv2d 'same' + bn_offset, clip 0..6
        fw = w[prefix + '/weights'].shape
        k = fw[0]
        p = tf_same_pads(cur, k, stride)
        x = g.conv(x, g.conv_filters(prefix + '/weights'), k, stride, pads4(p, p))
        x = g.clip06(g.add_bias(x, prefix + '/convolution_bn_offset'))
        return x, -(-cur // stride)

    def depthwise(x, prefix, stride, cur):  # depthwiseConvLayer: depthwiseConv2d 'same', batchNorm, clip
        c = w[prefix + '/depthwise_weights'].shape[2]
        p = tf_same_pads(cur, 3, stride)
        x = g.conv(x, g.depthwise_filters(prefix + '/depthwise_weights'), 3, stride, pads4(p, p), group=c)
        x = g.node('BatchNormalization', [x, g.weight(prefix + '/BatchNorm/gamma'), g.weight(prefix + '/BatchNorm/beta'),
                                          g.weight(prefix + '/BatchNorm/moving_mean'),
                                          g.weight(prefix + '/BatchNorm/moving_variance')],
                   epsilon=0.0010000000474974513)
        return g.clip06(x), -(-cur // stride)

    x, cur = pointwise(x, 'MobilenetV1/Conv2d_0_pointwise', 2, cur)
    conv11 = None
    for i in range(1, 14):
        s = 2 if i in (2, 4, 6, 12) else 1
        x, cur = depthwise(x, f'MobilenetV1/Conv2d_{i}_depthwise', s, cur)
        x, cur = pointwise(x, f'MobilenetV1/Conv2d_{i}_pointwise', 1, cur)
        if i == 11:
            conv11, cur11 = x, cur
    feats, curf = x, cur
    c0, s0 = pointwise(feats, 'Prediction/Conv2d_0_pointwise', 1, curf)
    c1, s1 = pointwise(c0, 'Prediction/Conv2d_1_pointwise', 2, s0)
    c2, s2 = pointwise(c1, 'Prediction/Conv2d_2_pointwise', 1, s1)
    c3, s3 = pointwise(c2, 'Prediction/Conv2d_3_pointwise', 2, s2)
    c4, s4 = pointwise(c3, 'Prediction/Conv2d_4_pointwise', 1, s3)
    c5, s5 = pointwise(c4, 'Prediction/Conv2d_5_pointwise', 2, s4)
    c6, s6 = pointwise(c5, 'Prediction/Conv2d_6_pointwise', 1, s5)
    c7, s7 = pointwise(c6, 'Prediction/Conv2d_7_pointwise', 2, s6)

    box_list, cls_list = [], []
    for idx, src in enumerate([conv11, feats, c1, c3, c5, c7]):
        pre = f'Prediction/BoxPredictor_{idx}'
        b = g.conv(src, g.conv_filters(pre + '/BoxEncodingPredictor/weights'), 1, 1, 0)
        b = g.add_bias(b, pre + '/BoxEncodingPredictor/biases')
        b = g.node('Transpose', [b], perm=[0, 2, 3, 1])
        box_list.append(g.node('Reshape', [b, g.const(np.array([1, -1, 4], dtype=np.int64))]))
        c = g.conv(src, g.conv_filters(pre + '/ClassPredictor/weights'), 1, 1, 0)
        c = g.add_bias(c, pre + '/ClassPredictor/biases')
        c = g.node('Transpose', [c], perm=[0, 2, 3, 1])
        cls_list.append(g.node('Reshape', [c, g.const(np.array([1, -1, 3], dtype=np.int64))]))
    boxp = g.node('Concat', box_list, axis=1)   # [1, 5118, 4]
    clsp = g.node('Concat', cls_list, axis=1)   # [1, 5118, 3]

    # outputLayer: scores = sigmoid(class[:, :, 1])
    sl = g.node('Slice', [clsp, g.const(np.array([1], np.int64)), g.const(np.array([2], np.int64)),
                          g.const(np.array([2], np.int64))])
    sg = g.node('Sigmoid', [sl])
    g.nodes.append(helper.make_node('Squeeze', [sg, g.const(np.array([2], np.int64))], ['scores'], name='scores'))

    # decodeBoxesLayer with anchors Output/extra_dim [1, N, 4] = (ymin, xmin, ymax, xmax)
    anchors = g.weight('Output/extra_dim')
    a = [g.name('anchor') for _ in range(4)]
    g.nodes.append(helper.make_node('Split', [anchors, g.const(np.array([1, 1, 1, 1], np.int64))], a, axis=2))
    v = [g.name('boxenc') for _ in range(4)]
    g.nodes.append(helper.make_node('Split', [boxp, g.const(np.array([1, 1, 1, 1], np.int64))], v, axis=2))
    two, five, ten = g.const(np.float32(2)), g.const(np.float32(5)), g.const(np.float32(10))
    size0 = g.node('Sub', [a[2], a[0]])
    size1 = g.node('Sub', [a[3], a[1]])
    cen0 = g.node('Add', [a[0], g.node('Div', [size0, two])])
    cen1 = g.node('Add', [a[1], g.node('Div', [size1, two])])
    div0 = g.node('Div', [g.node('Mul', [g.node('Exp', [g.node('Div', [v[2], five])]), size0]), two])
    add0 = g.node('Add', [g.node('Mul', [g.node('Div', [v[0], ten]), size0]), cen0])
    div1 = g.node('Div', [g.node('Mul', [g.node('Exp', [g.node('Div', [v[3], five])]), size1]), two])
    add1 = g.node('Add', [g.node('Mul', [g.node('Div', [v[1], ten]), size1]), cen1])
    parts = [g.node('Sub', [add0, div0]), g.node('Sub', [add1, div1]),
             g.node('Add', [add0, div0]), g.node('Add', [add1, div1])]
    g.nodes.append(helper.make_node('Concat', parts, ['boxes'], name='boxes', axis=2))
    n = w['Output/extra_dim'].shape[1]
    outputs = [helper.make_tensor_value_info('boxes', TensorProto.FLOAT, [1, n, 4]),
               helper.make_tensor_value_info('scores', TensorProto.FLOAT, [1, n])]
    # shape-only int32 constants of the original TF graph that face-api never reads
    for k in w:
        if k.startswith(('Preprocessor/', 'Postprocessor/', 'concat_1/')) or '/stack' in k or '/strided_slice' in k:
            g.used.add(k)
    return g, [inp], outputs


# --------------------------------------------------------------------------------------------
# AgeGenderNet  (face-api src/xception/TinyXception.ts with 2 main blocks +
# src/ageGenderNet/AgeGenderNet.ts)
# --------------------------------------------------------------------------------------------
def sep_same(g, w, x, prefix, stride, cur):
    """common/depthwiseSeparableConv.ts: separableConv2d(x, dw, pw, stride, 'same') + bias."""
    c = w[prefix + '/depthwise_filter'].shape[2]
    p = tf_same_pads(cur, 3, stride)
    x = g.conv(x, g.depthwise_filters(prefix + '/depthwise_filter'), 3, stride, pads4(p, p), group=c)
    x = g.conv(x, g.conv_filters(prefix + '/pointwise_filter'), 1, 1, 0)
    return g.add_bias(x, prefix + '/bias'), -(-cur // stride)


def face_crop_input(g):
    """The 112x112 face-crop input that face-api's FaceProcessor nets (age/gender, 68 landmarks) share:
    NHWC RGB 0..255, normalised with the same means, then to NCHW.  Returns (input value info, x, size)."""
    inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, 112, 112, 3])
    x = normalize_mean_div255(g, 'input', [122.782, 117.001, 104.298])
    return inp, g.node('Transpose', [x], base='to_nchw', perm=[0, 3, 1, 2]), 112


def build_age_gender(w):
    g = Graph(w)
    inp, x, cur = face_crop_input(g)

    def conv(x, prefix, stride, cur):  # TinyXception conv(): conv2d 'same' + bias
        k = w[prefix + '/filters'].shape[0]
        p = tf_same_pads(cur, k, stride)
        x = g.conv(x, g.conv_filters(prefix + '/filters'), k, stride, pads4(p, p))
        return g.add_bias(x, prefix + '/bias'), -(-cur // stride)

    def reduction(x, prefix, cur, activate=True):
        out = g.relu(x) if activate else x
        out, _ = sep_same(g, w, out, prefix + '/separable_conv0', 1, cur)
        out, _ = sep_same(g, w, g.relu(out), prefix + '/separable_conv1', 1, cur)
        p = tf_same_pads(cur, 3, 2)
        out = g.node('MaxPool', [out], kernel_shape=[3, 3], strides=[2, 2], pads=pads4(p, p))
        e, ncur = conv(x, prefix + '/expansion_conv', 2, cur)
        return g.node('Add', [out, e]), ncur

    def main_block(x, prefix, cur):
        out, _ = sep_same(g, w, g.relu(x), prefix + '/separable_conv0', 1, cur)
        out, _ = sep_same(g, w, g.relu(out), prefix + '/separable_conv1', 1, cur)
        out, _ = sep_same(g, w, g.relu(out), prefix + '/separable_conv2', 1, cur)
        return g.node('Add', [out, x])

    x, cur = conv(x, 'entry_flow/conv_in', 2, cur)
    x = g.relu(x)
    x, cur = reduction(x, 'entry_flow/reduction_block_0', cur, activate=False)
    x, cur = reduction(x, 'entry_flow/reduction_block_1', cur)
    x = main_block(x, 'middle_flow/main_block_0', cur)
    x = main_block(x, 'middle_flow/main_block_1', cur)
    x, cur = reduction(x, 'exit_flow/reduction_block', cur)
    x, cur = sep_same(g, w, x, 'exit_flow/separable_conv', 1, cur)
    x = g.relu(x)
    assert cur == 7
    x = g.node('AveragePool', [x], kernel_shape=[7, 7], strides=[2, 2])  # tf.avgPool 7x7/2 'valid'
    pooled = g.node('Reshape', [x, g.const(np.array([1, -1], np.int64))])
    age = g.node('Add', [g.node('MatMul', [pooled, g.weight('fc/age/weights')]), g.weight('fc/age/bias')])
    g.nodes.append(helper.make_node('Reshape', [age, g.const(np.array([-1], np.int64))], ['age'], name='age'))
    gl = g.node('Add', [g.node('MatMul', [pooled, g.weight('fc/gender/weights')]), g.weight('fc/gender/bias')])
    g.nodes.append(helper.make_node('Softmax', [gl], ['gender'], name='gender', axis=-1))
    outputs = [helper.make_tensor_value_info('age', TensorProto.FLOAT, [1]),
               helper.make_tensor_value_info('gender', TensorProto.FLOAT, [1, 2])]
    return g, [inp], outputs


# --------------------------------------------------------------------------------------------
# FaceLandmark68TinyNet  (face-api src/faceFeatureExtractor/TinyFaceFeatureExtractor.ts,
# denseBlock3, src/faceProcessor/FaceProcessor.ts runNet; output before postProcess)
# --------------------------------------------------------------------------------------------
def build_face_landmark_68_tiny(w):
    g = Graph(w)
    inp, x, cur = face_crop_input(g)

    def dense3(x, prefix, cur, first=False):
        if first:
            p = tf_same_pads(cur, 3, 2)
            o1 = g.conv(x, g.conv_filters(prefix + '/conv0/filters'), 3, 2, pads4(p, p))
            o1 = g.add_bias(o1, prefix + '/conv0/bias')
            ncur = -(-cur // 2)
        else:
            o1, ncur = sep_same(g, w, x, prefix + '/conv0', 2, cur)
        o1 = g.relu(o1)
        o2, _ = sep_same(g, w, o1, prefix + '/conv1', 1, ncur)
        in3 = g.relu(g.node('Add', [o1, o2]))
        o3, _ = sep_same(g, w, in3, prefix + '/conv2', 1, ncur)
        return g.relu(g.node('Add', [o1, g.node('Add', [o2, o3])])), ncur

    x, cur = dense3(x, 'dense0', cur, first=True)
    x, cur = dense3(x, 'dense1', cur)
    x, cur = dense3(x, 'dense2', cur)
    assert cur == 14
    x = g.node('AveragePool', [x], kernel_shape=[14, 14], strides=[2, 2])
    pooled = g.node('Reshape', [x, g.const(np.array([1, -1], np.int64))])
    mm = g.node('MatMul', [pooled, g.weight('fc/weights')])
    g.nodes.append(helper.make_node('Add', [mm, g.weight('fc/bias')], ['landmarks'], name='landmarks'))
    outputs = [helper.make_tensor_value_info('landmarks', TensorProto.FLOAT, [1, 136])]
    return g, [inp], outputs


MIT = ('MIT (face-api.js, Copyright (c) 2018 Vincent Muehler; @vladmandic/face-api, Copyright (c) Vladimir Mandic)')
LICENSES = {
    'tiny_face_detector': MIT,
    'ssd_mobilenetv1': MIT + ' + Apache-2.0 (weights by yeephycho/tensorflow-face-detection, trained on WIDER FACE)',
    'age_gender': MIT,
    'face_landmark_68_tiny': MIT,
}

MODELS = [
    ('tiny_face_detector', 'tiny_face_detector_model', build_tiny_face_detector,
     'face-api TinyFaceDetector. input: float32 NHWC [1,S,S,3] RGB 0..255, S multiple of 32 (face-api '
     'default 416). output: raw last conv [1,S/32,S/32,25] = 5 anchors x (tx,ty,tw,th,objectness).'),
    ('ssd_mobilenetv1', 'ssd_mobilenetv1_model', build_ssd_mobilenetv1,
     'face-api SsdMobilenetv1. input: float32 NHWC [1,512,512,3] RGB 0..255. outputs: boxes [1,5118,4] '
     '(ymin,xmin,ymax,xmax relative to the 512x512 input), scores [1,5118] (face probability), before NMS.'),
    ('age_gender', 'age_gender_model', build_age_gender,
     'face-api AgeGenderNet. input: float32 NHWC [1,112,112,3] RGB 0..255. outputs: age [1] (years), '
     'gender [1,2] softmax (index 0 = male, 1 = female).'),
    ('face_landmark_68_tiny', 'face_landmark_68_tiny_model', build_face_landmark_68_tiny,
     'face-api FaceLandmark68TinyNet. input: float32 NHWC [1,112,112,3] RGB 0..255. output: landmarks '
     '[1,136] = 68 x (x,y) relative to the 112x112 input (before face-api postProcess).'),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', default=DEFAULT_SRC)
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--only', nargs='*')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for onnx_name, tf_name, build, doc in MODELS:
        if args.only and onnx_name not in args.only:
            continue
        weights, files = load_tfjs_weights(args.src, tf_name)
        g, inputs, outputs = build(weights)
        meta = {
            'source': f'npm @vladmandic/face-api@{FACE_API_VERSION} model/' + ', model/'.join(files),
            'source_sha256': ', '.join(f'{f}={PINNED_SHA256[f]}' for f in files),
            'license': LICENSES[onnx_name],
            'converter': 'EntryGuard tools/models/convert.py',
        }
        model, unused = finish(g, onnx_name, inputs, outputs, doc, meta)
        if unused:
            sys.exit(f'{onnx_name}: weights not used by the graph: {unused}')
        path = os.path.join(args.out, onnx_name + '.onnx')
        data = model.SerializeToString()
        with open(path, 'wb') as f:
            f.write(data)
        print(f'{onnx_name}.onnx  {len(data)} bytes  sha256 {hashlib.sha256(data).hexdigest()}')


if __name__ == '__main__':
    main()
