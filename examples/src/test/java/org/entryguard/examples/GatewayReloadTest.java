package org.entryguard.examples;

import org.entryguard.camera.CameraStats;
import org.entryguard.camera.SourceState;
import org.entryguard.camera.testing.RtspTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 3: SIGHUP reloads the config on live RTSP cameras; a camera whose settings did not change keeps
 * streaming (its frame count never goes back), a changed one restarts, a bad edit keeps the running config.
 */
class GatewayReloadTest {
    @TempDir
    Path tmp;

    private static String config(String url1, String url2, String door2Extra) {
        return """
                {"venue": {"id": "V1", "type": "BAR"},
                 "cameras": [{"id": "door-1", "url": "%s", "transport": "TCP", "targetFps": 5},
                             {"id": "door-2", "url": "%s", "transport": "TCP", "targetFps": 5%s}],
                 "http": {"port": -1}}
                """.formatted(url1, url2, door2Extra);
    }

    @Test
    void sighupReloadsWithoutDroppingUnchangedCameras() throws Exception {
        try (RtspTestServer rtsp = RtspTestServer.start("/door1", "/door2")) {
            Path file = tmp.resolve("venue.json");
            Files.writeString(file, config(rtsp.url("/door1"), rtsp.url("/door2"), ""));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (Gateway g = new Gateway(GatewayConfig.read(file), tmp, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8))) {
                g.start();
                awaitFrames(g, "door-1", 5);
                awaitFrames(g, "door-2", 5);
                Runnable undo = GatewayCommand.onHangUp(() -> {
                    try {
                        g.reload(GatewayConfig.read(file));
                    } catch (RuntimeException e) {
                        err.writeBytes(("config: not reloaded: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                });
                try {
                    // door-2 now looks only at the middle of the view; door-1 is untouched
                    Files.writeString(file, config(rtsp.url("/door1"), rtsp.url("/door2"), ", \"detectionRegion\": [0.25, 0, 0.5, 1]"));
                    long door1Before = frames(g, "door-1");
                    long door2Before = frames(g, "door-2");
                    hangUp();
                    awaitLog(err, "cameras restarted, started or stopped: [door-2]");
                    awaitFrames(g, "door-1", door1Before + 5);
                    assertTrue(frames(g, "door-1") > door1Before, "door-1 kept streaming: its count never went back");
                    awaitFrames(g, "door-2", 3);
                    assertTrue(frames(g, "door-2") < door2Before + 100, "door-2 restarted");
                    assertEquals(0.5f, g.runner().entrances().get(1).detectionRegion()[2], 1e-6);

                    // a bad edit is refused with its key; both cameras keep running as before
                    Files.writeString(file, config(rtsp.url("/door1"), rtsp.url("/door2"), ", \"door\": {\"type\": \"trapdoor\"}"));
                    long door1 = frames(g, "door-1");
                    hangUp();
                    awaitLog(err, "not reloaded");
                    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cameras[1].door"), err.toString(StandardCharsets.UTF_8));
                    awaitFrames(g, "door-1", door1 + 5);
                    assertEquals(2, g.runner().entrances().size());
                } finally {
                    undo.run();
                }
            }
        }
    }

    private static void hangUp() throws Exception {
        Process p = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertEquals(0, p.waitFor());
    }

    private static long frames(Gateway g, String camera) {
        return g.cameraStats().stream().filter(s -> s.cameraId().equals(camera)).mapToLong(CameraStats::framesIn).findFirst().orElse(-1);
    }

    private static void awaitFrames(Gateway g, String camera, long atLeast) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (frames(g, camera) < atLeast && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        List<CameraStats> s = g.cameraStats();
        assertTrue(frames(g, camera) >= atLeast, camera + " did not reach " + atLeast + " frames: " + s);
        assertTrue(s.stream().noneMatch(x -> x.state() == SourceState.FAILED), s.toString());
    }

    private static void awaitLog(ByteArrayOutputStream err, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!err.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(text), err.toString(StandardCharsets.UTF_8));
    }
}
