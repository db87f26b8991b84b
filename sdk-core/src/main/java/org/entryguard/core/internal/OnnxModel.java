package org.entryguard.core.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.entryguard.core.ModelException;
import org.entryguard.core.OrtTelemetry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded ONNX model: one ORT session, shared by reference count between the per-thread predictors made
 * from it. {@link OrtSession#run} is thread-safe, so sharing the session is safe; buffers are per predictor.
 */
public final class OnnxModel {
    private final OrtSession session;
    private final String description;
    private final AtomicInteger refs = new AtomicInteger(1);

    private OnnxModel(OrtSession session, String description) {
        this.session = session;
        this.description = description;
    }

    /**
     * The process-wide ONNX Runtime environment, created only after {@link OrtTelemetry#ensureOff()} made sure the
     * runtime's telemetry is off (or explicitly allowed).
     */
    public static OrtEnvironment env() {
        OrtTelemetry.ensureOff();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (TELEMETRY_CALL_DONE.compareAndSet(false, true) && OrtTelemetry.isOff()) {
            try {
                env.setTelemetry(false); // belt and braces: the variable is what really stops it (OrtTelemetry)
            } catch (OrtException e) {
                TELEMETRY_CALL_DONE.set(false);
            }
        }
        return env;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean TELEMETRY_CALL_DONE =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Loads a bundled model from the classpath. */
    public static OnnxModel loadResource(String resource, ModelContract contract, int intraOpThreads) {
        try (InputStream in = OnnxModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelException("Bundled model " + resource + " is missing from the classpath; "
                        + "the sdk-core jar is incomplete: rebuild it or pass a model file explicitly");
            }
            return loadBytes(in.readAllBytes(), "classpath:" + resource, contract, intraOpThreads);
        } catch (IOException e) {
            throw new ModelException("Cannot read bundled model " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model file. */
    public static OnnxModel loadFile(Path file, ModelContract contract, int intraOpThreads) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException("Model file " + file.toAbsolutePath() + " does not exist; expected a "
                    + contract.modelKind() + " model with " + contract.describe() + ". Check the path, or leave it unset to use the bundled model");
        } catch (IOException e) {
            throw new ModelException("Cannot read model file " + file.toAbsolutePath() + ": " + e, e);
        }
        return loadBytes(bytes, file.toAbsolutePath().toString(), contract, intraOpThreads);
    }

    /** Loads a model from a stream (read fully, not closed). */
    public static OnnxModel loadStream(InputStream in, String name, ModelContract contract, int intraOpThreads) {
        try {
            return loadBytes(in.readAllBytes(), name, contract, intraOpThreads);
        } catch (IOException e) {
            throw new ModelException("Cannot read model stream " + name + ": " + e, e);
        }
    }

    static OnnxModel loadBytes(byte[] bytes, String description, ModelContract contract, int intraOpThreads) {
        OrtTelemetry.ensureOff(); // before SessionOptions: that class loads the native library, which reads the variable
        if (bytes.length == 0) {
            throw new ModelException("Model " + description + " is empty (0 bytes); expected a " + contract.modelKind()
                    + " ONNX model with " + contract.describe());
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            if (intraOpThreads > 1) {
                // a gateway runs several cameras on few cores: spinning pool threads would steal the other cameras'
                // CPU (measured: 2 threads under load were ~2x slower than 1 with spinning on; BENCHMARKS.md)
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env().createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelException("Model " + description + " (" + bytes.length + " bytes) is not a valid ONNX model: "
                    + firstLine(e.getMessage()) + ". Is the file truncated or of another format? Expected a "
                    + contract.modelKind() + " model with " + contract.describe(), e);
        }
        try {
            contract.check(session, description);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        return new OnnxModel(session, description);
    }

    public OrtSession session() { return session; }

    public String description() { return description; }

    /** Adds a user of the shared session. */
    public OnnxModel retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("Model " + description + " is already closed");
        }
        return this;
    }

    /** Drops a user; the session closes with the last one. */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            closeQuietly(session);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing useful to do when a native close fails
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
