package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.entryguard.camera.testing.EventRecorder;
import org.entryguard.camera.testing.TestMedia;
import org.entryguard.camera.testing.Threads;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileSourceTest {
    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(java.util.List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    @Test
    void fileFramesArriveAsPackedBgrAndTheSourceEnds() throws Exception {
        Path video = TestMedia.testsrcMp4(2, 25, 320, 240);
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(video.toString()).id("file-cam")
                .realtime(false).build(), events)) {
            src.start();
            ImageFrame f = src.take(20, TimeUnit.SECONDS);
            assertNotNull(f, "a frame within 20 s");
            assertEquals(320, f.width());
            assertEquals(240, f.height());
            assertEquals(320 * 3, f.stride());
            assertEquals(PixelFormat.BGR, f.format());
            assertEquals("file-cam", f.sourceId());
            assertTrue(Math.abs(f.timestampMillis() - System.currentTimeMillis()) < 60_000, "wall-clock timestamp");
            int nonZero = 0;
            for (int i = 0; i < 320 * 240 * 3; i += 97) {
                nonZero += f.data()[i] != 0 ? 1 : 0;
            }
            assertTrue(nonZero > 100, "testsrc is colourful, not a black frame");
            events.await(SourceState.ENDED, 0, 20, TimeUnit.SECONDS);
            SourceStats s = src.stats();
            assertEquals(50, s.framesDecoded(), "2 s at 25 fps: " + s);
            assertEquals(s.framesPublished(), s.framesTaken() + s.framesDropped() + (src.poll() != null ? 1 : 0));
            assertEquals(1, s.connects());
        }
        assertEquals(SourceState.CLOSED, events.events().get(events.size() - 1).state());
    }

    @Test
    void slowConsumerGetsTheNewestFrameAndStaleOnesAreDropped() throws Exception {
        Path video = TestMedia.testsrcMp4(2, 25, 320, 240);
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(video.toString()).build(), events)) {
            src.start(); // realtime: 25 fps like a camera
            int taken = 0;
            while (src.state() != SourceState.ENDED || taken == 0) {
                ImageFrame f = src.take(5, TimeUnit.SECONDS);
                if (f == null) {
                    break;
                }
                taken++;
                Thread.sleep(200); // inference slower than the camera
            }
            SourceStats s = src.stats();
            System.out.println("slow consumer: " + s);
            assertTrue(s.framesDropped() > 0, "stale frames dropped: " + s);
            assertTrue(s.framesTaken() < s.framesPublished(), s.toString());
            assertEquals(50, s.framesDecoded());
        }
    }

    @Test
    void loopingFileKeepsGoing() throws Exception {
        Path video = TestMedia.testsrcMp4(1, 25, 160, 120);
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(video.toString()).realtime(false).loop(true)
                .build(), events)) {
            src.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (src.stats().framesDecoded() < 80 && System.nanoTime() < deadline) {
                src.take(1, TimeUnit.SECONDS);
            }
            assertTrue(src.stats().framesDecoded() >= 80, "looped past the 25-frame file: " + src.stats());
            assertEquals(1, src.stats().connects(), "loops by seeking, not by reopening: " + src.stats());
            assertEquals(SourceState.STREAMING, src.state());
        }
    }

    @Test
    void targetFpsSkipsFramesBeforeConversion() throws Exception {
        Path video = TestMedia.testsrcMp4(2, 25, 160, 120);
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(video.toString()).targetFps(5).build(), events)) {
            src.start();
            events.await(SourceState.ENDED, 0, 20, TimeUnit.SECONDS);
            SourceStats s = src.stats();
            System.out.println("5 of 25 fps: " + s);
            assertEquals(50, s.framesDecoded());
            assertEquals(s.framesDecoded(), s.framesSkipped() + s.framesPublished());
            assertTrue(s.framesPublished() >= 6 && s.framesPublished() <= 14, "about 10 of 50 frames: " + s);
        }
    }

    @Test
    void missingFileFailsAtOnceNamingTheFile() throws Exception {
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom("/nonexistent/door.mp4").build(), events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
            assertEquals(SourceProblem.FILE_NOT_FOUND, e.problem());
            assertTrue(e.reason().contains("/nonexistent/door.mp4") && e.reason().contains("Fix:"), e.reason());
            assertNull(src.take(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void garbageFileFailsClearly() throws Exception {
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(TestMedia.garbageFile().toString()).build(), events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
            assertEquals(SourceProblem.UNSUPPORTED_CODEC, e.problem(), e.toString());
            assertTrue(e.reason().contains("not a video"), e.reason());
        }
    }

    @Test
    void audioOnlyFileHasNoVideo() throws Exception {
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(TestMedia.audioOnly().toString()).build(), events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
            assertEquals(SourceProblem.NO_VIDEO, e.problem(), e.toString());
        }
    }

    @Test
    void missingLocalCameraIsReportedNotHung() throws Exception {
        EventRecorder events = new EventRecorder();
        try (FrameSource src = FrameSource.open(CameraConfig.custom(57)
                .reconnect(ReconnectPolicy.DEFAULT.withMaxAttempts(1)).build(), events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, 20, TimeUnit.SECONDS);
            assertEquals(SourceProblem.DEVICE_UNAVAILABLE, e.problem(), e.toString());
            assertTrue(e.reason().contains("/dev/video57"), e.reason());
        }
    }

    @Test
    void closeBeforeStartAndTwiceIsHarmless() {
        FrameSource src = FrameSource.open(CameraConfig.custom("/x.mp4").build());
        src.close();
        src.close();
        src.start();
        assertEquals(SourceState.CLOSED, src.state());
    }
}
