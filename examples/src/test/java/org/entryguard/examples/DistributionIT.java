package org.entryguard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's archive (built by {@code package}, so this runs in failsafe's integration-test phase): unpacked
 * with {@code tar} into an empty folder, {@code bin/entryguard} runs with nothing but Java on the PATH, and holds
 * the sample config, the systemd unit and the Dockerfile.
 */
class DistributionIT {
    @TempDir
    Path tmp;

    @Test
    void unpackedArchiveRunsAndHoldsWhatTheOperatorNeeds() throws Exception {
        Path target = Path.of("target");
        Path archive;
        try (var files = Files.list(target)) {
            archive = files.filter(p -> p.getFileName().toString().matches("entryguard-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no entryguard-<version>.tar.gz in target/: run mvn package"));
        }
        assertEquals(0, new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", tmp.toString())
                .inheritIO().start().waitFor());
        Path home;
        try (var dirs = Files.list(tmp)) {
            home = dirs.findFirst().orElseThrow();
        }
        for (String f : List.of("bin/entryguard", "lib/entryguard.jar", "config/gateway.json", "config/holidays-cn.txt",
                "config/vacations-sample.txt", "systemd/entryguard.service", "Dockerfile", "NOTICE")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), "missing " + f + " in " + archive);
        }
        assertTrue(Files.getPosixFilePermissions(home.resolve("bin/entryguard")).contains(PosixFilePermission.OWNER_EXECUTE));
        String unit = Files.readString(home.resolve("systemd/entryguard.service"));
        assertTrue(unit.contains("Environment=ORT_DISABLE_TELEMETRY=1") && unit.contains("ProtectSystem=strict")
                && unit.contains("DynamicUser=yes") && unit.contains("Restart=on-failure"), unit);
        assertTrue(Files.readString(home.resolve("Dockerfile")).contains("ORT_DISABLE_TELEMETRY=1"));

        String help = run(home, "--help");
        assertTrue(help.contains("usage:") && help.contains("gateway"), help);
        // a real age check on the bundled sample, from the unpacked archive only
        String check = run(home, "check");
        assertTrue(check.contains("\"decision\""), check);
        // the rules command with the shipped calendar and vacation files, as an operator would check them
        String rules = run(home, "rules", "--venue", "scripted-entertainment", "--at", "2026-07-21T15:00+08:00",
                "--calendar", "config/holidays-cn.txt", "--vacations", "config/vacations-sample.txt", "--json");
        assertTrue(rules.contains("\"minorsAdmitted\" : true") && rules.contains("暑假"), rules);
        // JSON logs: every stderr line of a failing run is one JSON object
        String json = runFailing(home, "--log-format", "json", "gateway", "--config", "config/missing.json");
        for (String l : json.lines().toList()) {
            assertTrue(l.startsWith("{\"time\":"), "not a JSON log line: " + l);
        }
        // the sample config is valid as shipped, apart from its cameras being unreachable: parse it
        GatewayConfig.read(home.resolve("config/gateway.json"));
    }

    private static String runFailing(Path home, String... args) throws Exception {
        Process p = start(home, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertTrue(p.exitValue() != 0, out);
        return out;
    }

    private static Process start(Path home, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bin/entryguard").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("ORT_DISABLE_TELEMETRY"); // the launcher script must set it itself
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        // as in a bare container or a systemd unit: no locale, yet the Chinese output must arrive intact
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        return pb.start();
    }

    private static String run(Path home, String... args) throws Exception {
        Process p = start(home, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
