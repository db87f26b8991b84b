"""Runs an EntryGuard ONNX graph (the face-api nets as tools/models/convert.py writes them) as a PyTorch module,
with every weight a trainable parameter, and writes trained weights back into the same graph.

Only the operators those graphs use are supported; anything else stops with the operator's name. The graph
structure, input and output names never change, so a model written by `write_back` loads in the SDK under the
same ModelContract as the bundled one.
"""
import copy

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class OnnxModule(torch.nn.Module):
    """The graph as a module. Quantised weights (uint8 codes + 256-entry lookup, `Cast -> Gather`) are decoded
    once to float parameters named after the tensor (e.g. `exit_flow.separable_conv.pointwise_filter`)."""

    def __init__(self, path):
        super().__init__()
        self.model = onnx.load(path)
        g = self.model.graph
        inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
        self.params = torch.nn.ParameterDict()
        self.consts = {}
        self.key = {}        # graph tensor name -> parameter key
        self.nodes = []
        cast_out = {}
        for n in g.node:
            if n.op_type == 'Cast' and n.input[0].endswith('.q') and n.input[0] in inits:
                cast_out[n.output[0]] = n.input[0]
                continue
            if n.op_type == 'Gather' and len(n.input) == 2 and n.input[1] in cast_out:
                q = inits[cast_out[n.input[1]]]
                lut = inits[n.input[0]]
                base = n.input[0][:-len('.lut')]
                self._param(base, lut[q.astype(np.int64)], n.output[0])
                continue
            self.nodes.append(n)
        for name, arr in inits.items():
            if name.endswith('.q') or name.endswith('.lut'):
                continue
            if arr.dtype == np.float32 and ('bias' in name or 'filter' in name or 'weights' in name):
                self._param(name, arr, name)
            else:
                self.consts[name] = torch.from_numpy(np.array(arr))
        self.input_name = g.input[0].name
        self.output_names = [o.name for o in g.output]

    def _param(self, key, arr, tensor_name):
        k = key.replace('.', '__')
        self.params[k] = torch.nn.Parameter(torch.from_numpy(np.array(arr, dtype=np.float32)))
        self.key[tensor_name] = k

    def trainable(self, prefixes):
        """Freezes every parameter but those whose name starts with one of `prefixes`; returns the trainable ones."""
        out = []
        for k, p in self.params.items():
            name = k.replace('__', '.')
            p.requires_grad_(any(name.startswith(pre) for pre in prefixes))
            if p.requires_grad:
                out.append(p)
        return out

    def forward(self, x, stop_at=None, start_from=None, taps=()):
        """Runs the graph on `x` (NHWC float 0..255). `stop_at`: return that tensor instead of the outputs.
        `start_from`: `x` is that tensor and only the nodes after it run. `taps`: also return these tensors."""
        env = {}
        running = start_from is None
        if running:
            env[self.input_name] = x
        else:
            env[start_from] = x
        tapped = {}
        for n in self.nodes:
            if not running:
                if start_from in n.output:
                    running = True
                continue
            if start_from is not None and not all(self._has(env, i) for i in n.input if i):
                continue
            ins = [self._get(env, i) for i in n.input]
            env[n.output[0]] = self._run(n, ins)
            if n.output[0] in taps:
                tapped[n.output[0]] = env[n.output[0]]
            if stop_at is not None and n.output[0] == stop_at:
                return env[stop_at]
        outs = [env[o] for o in self.output_names]
        return (outs, tapped) if taps else outs

    def _has(self, env, name):
        return name in env or name in self.key or name in self.consts

    def _get(self, env, name):
        if name in env:
            return env[name]
        if name in self.key:
            return self.params[self.key[name]]
        return self.consts[name]

    def _run(self, n, x):
        a = _attrs(n)
        op = n.op_type
        if op == 'Sub':
            return x[0] - x[1]
        if op == 'Div':
            return x[0] / x[1]
        if op == 'Add':
            return x[0] + x[1]
        if op == 'Mul':
            return x[0] * x[1]
        if op == 'Relu':
            return F.relu(x[0])
        if op == 'LeakyRelu':
            return F.leaky_relu(x[0], a.get('alpha', 0.01))
        if op == 'Transpose':
            return x[0].permute(*a['perm'])
        if op == 'Reshape':
            shape = [int(v) for v in x[1].tolist()]
            if shape == [-1]:
                return x[0].reshape(x[0].shape[0], -1).reshape(-1) if x[0].shape[0] == 1 else x[0].reshape(x[0].shape[0], -1)
            if len(shape) == 2 and shape[0] in (1, -1):
                return x[0].reshape(x[0].shape[0], -1)
            return x[0].reshape(shape)
        if op == 'Conv':
            p = a.get('pads', [0, 0, 0, 0])
            inp = F.pad(x[0], (p[1], p[3], p[0], p[2])) if any(p) else x[0]
            b = x[2] if len(x) > 2 else None
            return F.conv2d(inp, x[1], b, stride=a.get('strides', [1, 1]), groups=a.get('group', 1))
        if op == 'MaxPool':
            p = a.get('pads', [0, 0, 0, 0])
            inp = F.pad(x[0], (p[1], p[3], p[0], p[2]), value=float('-inf')) if any(p) else x[0]
            return F.max_pool2d(inp, a['kernel_shape'], a.get('strides', [1, 1]))
        if op == 'AveragePool':
            return F.avg_pool2d(x[0], a['kernel_shape'], a.get('strides', [1, 1]))
        if op == 'MatMul':
            return x[0] @ x[1]
        if op == 'Softmax':
            return F.softmax(x[0], dim=a.get('axis', -1))
        raise NotImplementedError('operator %s (node %s) is not supported' % (op, n.name))


def write_back(module, path, metadata):
    """Writes the module's weights into a copy of its ONNX graph at `path`. A quantised weight that training
    changed becomes a plain float32 initialiser (its Cast/Gather pair is removed); untouched ones keep their exact
    uint8 form. Inputs, outputs and every other node stay as they were."""
    m = copy.deepcopy(module.model)
    g = m.graph
    trained = {k: p.detach().cpu().numpy().astype(np.float32) for k, p in module.params.items()}
    reference = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    replaced = {}      # Gather output -> (q name, lut name)
    for n in g.node:
        if n.op_type == 'Gather' and n.input[0].endswith('.lut') and n.output[0] in module.key:
            base = n.input[0][:-len('.lut')]
            before = reference[n.input[0]][reference[base + '.q'].astype(np.int64)]
            if not np.array_equal(before, trained[module.key[n.output[0]]]):
                replaced[n.output[0]] = (base + '.q', n.input[0])
    dead_inits = {name for pair in replaced.values() for name in pair}
    keep = [n for n in g.node if not (n.op_type == 'Gather' and n.output[0] in replaced)]
    gathered = {n.input[1] for n in keep if n.op_type == 'Gather'}
    keep = [n for n in keep if not (n.op_type == 'Cast' and n.input[0] in dead_inits and n.output[0] not in gathered)]
    del g.node[:]
    g.node.extend(keep)
    kept_inits = [i for i in g.initializer if i.name not in dead_inits]
    for i in kept_inits:  # plain float weights (biases) that changed
        if i.name in module.key:
            arr = trained[module.key[i.name]].reshape(reference[i.name].shape)
            if not np.array_equal(arr, reference[i.name]):
                i.CopyFrom(numpy_helper.from_array(arr, i.name))
    del g.initializer[:]
    g.initializer.extend(kept_inits)
    for out in replaced:
        g.initializer.append(numpy_helper.from_array(trained[module.key[out]], out))
    del m.metadata_props[:]
    for k, v in metadata.items():
        e = m.metadata_props.add()
        e.key, e.value = k, v
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return sorted(replaced)
