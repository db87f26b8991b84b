package org.entryguard.core.testing;

import org.entryguard.core.FaceDetector;
import org.entryguard.core.ModelException;
import org.entryguard.core.OrtTelemetry;

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
        try (FaceDetector detector = FaceDetector.builder().build()) {
            System.out.println("telemetry: " + OrtTelemetry.describe() + " " + detector.getClass().getSimpleName());
        } catch (ModelException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        }
        Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 0);
        System.exit(0);
    }
}
