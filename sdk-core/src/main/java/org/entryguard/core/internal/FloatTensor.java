package org.entryguard.core.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import org.entryguard.core.ModelException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float tensor over a direct buffer that ONNX Runtime reads and writes in place, so one instance serves
 * every frame: inputs are filled before {@code run}, pinned outputs are read after it, no copies.
 */
public final class FloatTensor implements AutoCloseable {
    private final FloatBuffer buffer;
    private final OnnxTensor tensor;
    private final long[] shape;

    public FloatTensor(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        this.shape = shape.clone();
        this.buffer = ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try {
            this.tensor = OnnxTensor.createTensor(OnnxModel.env(), buffer, shape);
        } catch (OrtException e) {
            throw new ModelException("Cannot allocate a tensor of shape " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    public FloatBuffer buffer() { return buffer; }

    public OnnxTensor tensor() { return tensor; }

    public long[] shape() { return shape.clone(); }

    @Override
    public void close() {
        tensor.close();
    }
}
