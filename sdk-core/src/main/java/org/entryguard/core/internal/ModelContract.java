package org.entryguard.core.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.entryguard.core.ModelException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input/output names and shapes a model file must have for the SDK's pre/post-processing to be valid.
 * A dimension of {@code -1} accepts any size (dynamic or fixed).
 */
public final class ModelContract {
    private final String modelKind;
    private final Map<String, long[]> inputs = new LinkedHashMap<>();
    private final Map<String, long[]> outputs = new LinkedHashMap<>();

    public ModelContract(String modelKind) {
        this.modelKind = modelKind;
    }

    public ModelContract input(String name, long... shape) {
        inputs.put(name, shape);
        return this;
    }

    public ModelContract output(String name, long... shape) {
        outputs.put(name, shape);
        return this;
    }

    public String modelKind() { return modelKind; }

    /** Human-readable contract, e.g. {@code input float32[1,?,?,3] -> output float32[1,?,?,?]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        inputs.forEach((n, s) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" float32").append(dims(s)));
        sb.append(" -> ");
        int start = sb.length();
        outputs.forEach((n, s) -> sb.append(sb.length() == start ? "" : ", ").append(n).append(" float32").append(dims(s)));
        return sb.toString();
    }

    /** Checks a session against this contract; throws a {@link ModelException} naming both on mismatch. */
    public void check(OrtSession session, String fileDescription) {
        try {
            String found = describe(session.getInputInfo()) + " -> " + describe(session.getOutputInfo());
            if (!matches(inputs, session.getInputInfo()) || !matches(outputs, session.getOutputInfo())) {
                throw new ModelException("Model " + fileDescription + " is not a " + modelKind + " model this SDK can use: "
                        + "expected " + describe() + ", found " + found
                        + ". Use the bundled model or one converted by tools/models (see MODELS.md).");
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new ModelException("Cannot read the inputs/outputs of model " + fileDescription + ": " + e.getMessage(), e);
        }
    }

    private static boolean matches(Map<String, long[]> expected, Map<String, NodeInfo> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NodeInfo info = actual.get(e.getKey());
            if (info == null || !(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
                return false;
            }
            long[] shape = t.getShape();
            long[] want = e.getValue();
            if (shape.length != want.length) {
                return false;
            }
            for (int i = 0; i < want.length; i++) {
                if (want[i] >= 0 && shape[i] >= 0 && shape[i] != want[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Map<String, NodeInfo> infos) {
        StringBuilder sb = new StringBuilder();
        for (NodeInfo info : infos.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(info.getName());
            if (info.getInfo() instanceof TensorInfo t) {
                sb.append(' ').append(t.type == OnnxJavaType.FLOAT ? "float32" : t.type.toString().toLowerCase()).append(dims(t.getShape()));
            } else {
                sb.append(' ').append(info.getInfo());
            }
        }
        return sb.toString();
    }

    private static String dims(long[] shape) {
        return Arrays.toString(Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).toArray())
                .replace(" ", "");
    }
}
