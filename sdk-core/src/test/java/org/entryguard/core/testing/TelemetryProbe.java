package org.entryguard.core.testing;

import org.entryguard.core.FaceDetector;
import org.entryguard.core.ModelException;
import org.entryguard.core.OrtTelemetry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main for {@code OrtTelemetryTest}: loads the bundled detector the way an integrator would, prints how
 * telemetry was dealt with, then stays alive {@code args[0]} ms so that ONNX Runtime's uploader (if it runs) has
 * time to look up its collector. Exit 3 when the SDK refused to load the model.
 */
public final class TelemetryProbe {
    private TelemetryProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        try (FaceDetector detector = FaceDetector.custom().build()) {
            System.out.println("telemetry: " + OrtTelemetry.describe() + " " + detector.getClass().getSimpleName());
        } catch (ModelException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        }
        Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 0);
        System.exit(0);
    }

    /** strace installed and allowed to trace (containers without ptrace rights refuse it). */
    public static boolean usableStrace() {
        if (!Files.isExecutable(Path.of("/usr/bin/strace"))) return false;
        try {
            Process p = new ProcessBuilder("/usr/bin/strace", "-f", "-qq", "-o", "/dev/null", "/bin/true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
