import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an ONNX model with ONNX Runtime (Java) on raw float32 tensors and writes the outputs as raw
 * float32 files -- the ONNX side of the tfjs-vs-ONNX comparison (see verify.sh / compare.py).
 *
 * Usage:
 *   java -cp onnxruntime-1.29.0.jar tools/models/RunOnnx.java MODEL.onnx JOBS.txt
 * JOBS.txt: one job per line: "INPUT.f32 D0,D1,D2,D3 OUT_PREFIX"; the input file is little-endian
 * float32 (NHWC), the outputs are written to OUT_PREFIX.&lt;output name&gt;.f32 (little-endian float32).
 * Session options are ONNX Runtime's defaults (all graph optimisations), like the SDK.
 */
public class RunOnnx {
    static float[] readF32(Path p) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(f);
        return f;
    }

    static void writeF32(Path p, float[] f) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(f);
        Files.write(p, bb.array());
    }

    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(args[0], opts)) {
            String inputName = session.getInputNames().iterator().next();
            int n = 0;
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                long[] shape = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
                float[] data = readF32(Path.of(parts[0]));
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                     OrtSession.Result r = session.run(Map.of(inputName, t))) {
                    for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                        OnnxTensor out = (OnnxTensor) e.getValue();
                        FloatBuffer fb = out.getFloatBuffer();
                        float[] f = new float[fb.remaining()];
                        fb.get(f);
                        writeF32(Path.of(parts[2] + "." + e.getKey() + ".f32"), f);
                    }
                }
                n++;
            }
            System.out.println(args[0] + ": ran " + n + " jobs");
        }
    }
}
