package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entryguard.camera.testing.RtspTestServer;
import org.entryguard.camera.testing.TestMedia;
import org.entryguard.camera.testing.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner on real streams: two RTSP cameras and a looping file, analysis slower than the cameras. */
@Tag("slow")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CameraRunnerStreamTest {
    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    @Test
    void slowAnalysisDropsStaleFramesInsteadOfQueueing() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("/cam1", "/cam2")) {
            CameraRunner runner = CameraRunner.custom().analysisThreads(1)
                    .camera(CameraConfig.custom(server.url("/cam1")).id("cam1").readTimeout(Duration.ofSeconds(3)).build())
                    .camera(CameraConfig.custom(server.url("/cam2")).id("cam2").targetFps(5).readTimeout(Duration.ofSeconds(3)).build())
                    .camera(CameraConfig.custom(TestMedia.testsrcMp4(2, 25, 320, 240).toString()).id("file").loop(true).build())
                    .handler(frame -> Thread.sleep(30)) // ~33 fps of analysis for ~55 fps of frames
                    .build();
            try (runner) {
                runner.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                while (System.nanoTime() < deadline
                        && runner.stats().stream().anyMatch(s -> s.framesAnalysed() < 40)) {
                    Thread.sleep(200);
                }
                runner.stats().forEach(s -> System.out.println(s.statusLine()));
                for (CameraStats s : runner.stats()) {
                    assertTrue(s.framesAnalysed() >= 40, s.statusLine());
                    assertEquals(SourceState.STREAMING, s.state(), s.statusLine());
                }
                CameraStats cam1 = runner.stats().get(0);
                assertTrue(cam1.framesDropped() > 0, "stale frames dropped: " + cam1.statusLine());
                CameraStats cam2 = runner.stats().get(1);
                assertTrue(cam2.framesSkipped() > cam2.framesAnalysed(), "5 of 25 fps: " + cam2.statusLine());
            }
            assertTrue(runner.stats().stream().allMatch(s -> s.state() == SourceState.CLOSED));
        }
    }
}
