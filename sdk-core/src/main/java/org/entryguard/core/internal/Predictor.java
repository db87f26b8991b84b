package org.entryguard.core.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.entryguard.core.EntryGuardException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thread's handle on a shared {@link OnnxModel}: its own input and pinned output tensors, reused for
 * every call (the DJL "predictor" role).
 */
public final class Predictor implements AutoCloseable {
    private final OnnxModel model;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
    private final Map<String, FloatTensor> owned = new LinkedHashMap<>();
    private boolean closed;

    public Predictor(OnnxModel model) {
        this.model = model.retain();
    }

    public FloatTensor input(String name, long... shape) {
        FloatTensor t = new FloatTensor(shape);
        owned.put("in:" + name, t);
        inputs.put(name, t.tensor());
        return t;
    }

    public FloatTensor output(String name, long... shape) {
        FloatTensor t = new FloatTensor(shape);
        owned.put("out:" + name, t);
        outputs.put(name, t.tensor());
        return t;
    }

    public OnnxModel model() { return model; }

    /** Runs the model; results land in the output tensors. */
    public void run() {
        if (closed) {
            throw new IllegalStateException("This detector/estimator is closed");
        }
        try (OrtSession.Result ignored = model.session().run(inputs, outputs)) {
            // outputs are pinned: nothing to copy
        } catch (OrtException e) {
            throw new EntryGuardException("Inference failed in model " + model.description() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        owned.values().forEach(FloatTensor::close);
        model.release();
    }
}
