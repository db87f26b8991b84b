package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entryguard.camera.testing.EventRecorder;
import org.entryguard.camera.testing.RawTcpServer;
import org.entryguard.camera.testing.RtspTestServer;
import org.entryguard.camera.testing.Threads;
import org.entryguard.core.ImageFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end against a real RTSP server on loopback: the in-JVM {@code NettyRtspTestServer} here, GStreamer's
 * gst-rtsp-server in {@link GstRtspSourceTest} (profile {@code gstreamer}).
 */
@Tag("slow")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RtspSourceTest {
    /** The server the tests stream from, serving these mounts. */
    RtspTestServer server(String... mounts) throws Exception {
        return RtspTestServer.start(mounts);
    }

    /** Same, requiring basic authentication. */
    RtspTestServer serverWithAuth(String user, String password, String... mounts) throws Exception {
        return RtspTestServer.startWithAuth(user, password, mounts);
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 2.0, 0.2, 0);

    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    private static CameraConfig.Builder camera(String url) {
        return CameraConfig.custom(url).id("door").readTimeout(READ_TIMEOUT).openTimeout(Duration.ofSeconds(6))
                .reconnect(FAST);
    }

    /**
     * JavaCV's {@code FFmpegFrameGrabber.start()} and {@code release()} hold one lock for the whole JVM, so a camera
     * whose open hangs until its timeout used to hold every other camera's start and reconnect for that long (and a
     * gateway's N cameras came up one after the other, ~1.2 s each). A silent camera must not delay a good one.
     */
    @Test
    void aCameraThatHangsInOpenDoesNotHoldUpAnotherCamerasStart() throws Exception {
        EventRecorder silentEvents = new EventRecorder();
        EventRecorder goodEvents = new EventRecorder();
        try (RawTcpServer silent = RawTcpServer.silent();
             RtspTestServer server = server("/cam");
             FrameSource hanging = FrameSource.open(CameraConfig.custom("rtsp://127.0.0.1:" + silent.port() + "/cam")
                     .id("silent").openTimeout(Duration.ofSeconds(8)).readTimeout(Duration.ofSeconds(8))
                     .reconnect(ReconnectPolicy.DEFAULT.withMaxAttempts(1)).build(), silentEvents);
             FrameSource good = FrameSource.open(camera(server.url("/cam")).build(), goodEvents)) {
            hanging.start();
            silentEvents.await(SourceState.CONNECTING, 0, 5, TimeUnit.SECONDS);
            Thread.sleep(300); // the silent camera is now inside FFmpeg's open, waiting on its 8 s timeout
            long t0 = System.nanoTime();
            good.start();
            SourceEvent streaming = goodEvents.await(SourceState.STREAMING, 0, 5, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("good camera streaming after " + ms + " ms while the silent one hangs in open: " + streaming);
            assertEquals(SourceState.CONNECTING, hanging.state(), "the silent camera is still opening");
        }
    }

    @Test
    void playsSurvivesServerDeathAndRecovers() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RtspTestServer server = server("/cam");
             FrameSource src = FrameSource.open(camera(server.url("/cam")).build(), events)) {
            src.start();
            ImageFrame f = src.take(20, TimeUnit.SECONDS);
            assertNotNull(f, "frames arrive: " + events.events());
            assertEquals(320, f.width());
            assertEquals(240, f.height());
            assertEquals(SourceState.STREAMING, src.state());

            int mark = events.size();
            long killed = System.nanoTime();
            server.kill();
            SourceEvent stalled = events.await(SourceState.STALLED, mark, READ_TIMEOUT.toMillis() + 3000, TimeUnit.MILLISECONDS);
            long detectMillis = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("server killed -> STALLED after " + detectMillis + " ms: " + stalled);
            events.await(SourceState.RECONNECTING, mark, 5, TimeUnit.SECONDS);
            // the decode thread is not stuck: it keeps trying (connection refused while the server is down)
            SourceEvent refused = events.await(e -> e.problem() == SourceProblem.CONNECTION_REFUSED, mark,
                    "CONNECTION_REFUSED while the server is down", 10, TimeUnit.SECONDS);
            assertTrue(refused.reason().contains("127.0.0.1:" + server.port()), refused.reason());

            mark = events.size();
            long restarted = System.nanoTime();
            server.restart();
            events.await(SourceState.STREAMING, mark, 20, TimeUnit.SECONDS);
            ImageFrame again = src.take(10, TimeUnit.SECONDS);
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            assertNotNull(again);
            System.out.println("RECOVERY: server back -> first frame after " + recoveryMillis + " ms (backoff cap "
                    + FAST.maxDelay().toMillis() + " ms)");
            assertTrue(src.stats().connects() >= 2, src.stats().toString());
        }
    }

    @Test
    void frozenServerIsStalledWithinTheReadTimeout() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RtspTestServer server = server("/cam");
             FrameSource src = FrameSource.open(camera(server.url("/cam")).build(), events)) {
            src.start();
            assertNotNull(src.take(20, TimeUnit.SECONDS));
            int mark = events.size();
            long frozen = System.nanoTime();
            server.freeze(); // socket open, no bytes: grab() would wait forever without the timeout option
            SourceEvent e = events.await(SourceState.STALLED, mark, READ_TIMEOUT.toMillis() + 3000, TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - frozen) / 1_000_000;
            System.out.println("server frozen -> STALLED after " + ms + " ms: " + e);
            assertEquals(SourceProblem.STALLED, e.problem());
            events.await(SourceState.RECONNECTING, mark, 5, TimeUnit.SECONDS);
            // a frozen server accepts TCP but never answers: the reopen must time out, not hang
            SourceEvent timedOut = events.await(ev -> ev.problem() == SourceProblem.TIMED_OUT, mark,
                    "TIMED_OUT reopening a frozen server", 15, TimeUnit.SECONDS);
            System.out.println("reopen of frozen server: " + timedOut);
            server.thaw();
        }
    }

    @Test
    void udpTransportStreams() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RtspTestServer server = server("/cam");
             FrameSource src = FrameSource.open(camera(server.url("/cam")).transport(RtspTransport.UDP).build(), events)) {
            src.start();
            assertNotNull(src.take(20, TimeUnit.SECONDS), "frames over RTP/UDP: " + events.events());
        }
    }

    @Test
    void wrongPathFailsAtOnceWithTheFix() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RtspTestServer server = server("/cam");
             FrameSource src = FrameSource.open(camera(server.url("/wrong")).build(), events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
            assertEquals(SourceProblem.NOT_FOUND, e.problem());
            assertTrue(e.reason().contains("404") && e.reason().contains("/wrong") && e.reason().contains("Fix:"),
                    e.reason());
        }
    }

    @Test
    void badCredentialsAreNamedAndThePasswordIsNotLogged() throws Exception {
        try (RtspTestServer server = serverWithAuth("admin", "s3cret", "/cam")) {
            EventRecorder events = new EventRecorder();
            String wrong = server.url("/cam").replace("rtsp://", "rtsp://admin:wrongpw@");
            try (FrameSource src = FrameSource.open(camera(wrong).build(), events)) {
                src.start();
                SourceEvent e = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
                assertEquals(SourceProblem.UNAUTHORIZED, e.problem());
                assertTrue(e.reason().contains("401"), e.reason());
                assertFalse(e.toString().contains("wrongpw"), e.toString());
                assertFalse(String.valueOf(e.cause()).contains("wrongpw"), String.valueOf(e.cause()));
            }
            EventRecorder ok = new EventRecorder();
            String right = server.url("/cam").replace("rtsp://", "rtsp://admin:s3cret@");
            try (FrameSource src = FrameSource.open(camera(right).build(), ok)) {
                src.start();
                assertNotNull(src.take(20, TimeUnit.SECONDS), "right credentials stream: " + ok.events());
                assertTrue(ok.events().stream().noneMatch(ev -> ev.toString().contains("s3cret")));
            }
        }
    }
}
