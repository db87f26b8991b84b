package org.entryguard.examples;

import org.entryguard.core.OrtTelemetry;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-executes the {@code entryguard} command in a child JVM with {@code ORT_DISABLE_TELEMETRY=1} in its
 * environment, when the variable is not already set.
 *
 * <p>Why: ONNX Runtime 1.29 reads that variable when its native library loads, and it is the only switch that
 * stops all of its telemetry (DNS look-ups, a device id and an event database under {@code ~/.cache/Microsoft},
 * {@code /tmp/mat-debug-<pid>.log}); see {@link OrtTelemetry}. A JVM cannot change its own environment without
 * native access, which {@code java -jar} cannot enable on Java 17, so the launcher starts one more JVM (about
 * half a second) with the same JVM options, class path and arguments, passes stdin/stdout/stderr through,
 * forwards SIGTERM (a shutdown hook stops the child gracefully and waits for it) and exits with its status.
 */
final class TelemetryFreeLaunch {
    private TelemetryFreeLaunch() {
    }

    /** Whether this JVM should hand over to a child: the variable is missing and telemetry was not allowed. */
    static boolean needed() {
        String value = System.getenv(OrtTelemetry.ENV_VARIABLE);
        return (value == null || !value.trim().equals("1"))
                && !"allow".equalsIgnoreCase(System.getProperty(OrtTelemetry.OPT_IN_PROPERTY, "").trim());
    }

    /** Runs the command in a child JVM; empty when no child could be started (the caller then runs in-process). */
    static Optional<Integer> relaunch(String mainClass, String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(OrtTelemetry.ENV_VARIABLE, "1");
        Process child;
        try {
            child = builder.start();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        Thread stopper = new Thread(() -> {
            // SIGTERM/SIGINT on the launcher: let the child shut down gracefully (it drains and closes its outbox)
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "entryguard-child-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
        while (true) {
            try {
                int status = child.waitFor();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running; it only waits for the child, which has exited
                }
                return Optional.of(status);
            } catch (InterruptedException e) {
                // keep waiting: the child owns the work; the shutdown hook stops it on a signal
            }
        }
    }
}
