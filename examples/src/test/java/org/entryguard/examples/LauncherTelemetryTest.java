package org.entryguard.examples;

import org.entryguard.core.testing.TelemetryProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code entryguard} command keeps ONNX Runtime's telemetry off with no flags at all (issue 16, item 8): started
 * as a user would, without {@code ORT_DISABLE_TELEMETRY} or {@code CI} in its environment and without native access,
 * {@code check} re-executes itself with the variable set, scores the sample, and leaves no device id or event database
 * in its {@code HOME}; under {@code strace} (when installed) no process of it opens {@code /tmp/mat-debug-*} or the
 * {@code .onnxruntime} folder, nor connects to a DNS server. ({@code OrtTelemetryTest} in sdk-core shows that the same
 * files do appear when telemetry is allowed.)
 */
class LauncherTelemetryTest {
    @TempDir
    Path tmp;

    @Test
    void checkRunsWithTelemetryOffWithoutAnyFlag() throws Exception {
        boolean strace = TelemetryProbe.usableStrace();
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path trace = tmp.resolve("strace.txt");
        List<String> command = new ArrayList<>();
        if (strace) {
            command.addAll(List.of("/usr/bin/strace", "-f", "-qq", "-o", trace.toString(), "-e", "trace=network,openat"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "check"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("ORT_DISABLE_TELEMETRY");
        builder.environment().remove("CI");
        builder.environment().put("HOME", home.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"decision\""), out);
        assertFalse(Files.exists(home.resolve(".cache/Microsoft")), "telemetry files under HOME: " + out);
        if (strace) {
            List<String> bad = Files.readAllLines(trace).stream()
                    .filter(l -> l.contains("mat-debug") || l.contains(".onnxruntime")
                            || (l.contains("connect(") && l.contains("htons(53)")))
                    .toList();
            assertEquals(List.of(), bad);
        }
    }
}
