package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.entryguard.camera.testing.EventRecorder;
import org.entryguard.camera.testing.RawTcpServer;
import org.entryguard.camera.testing.RtspTestServer;
import org.entryguard.camera.testing.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a camera URL can be wrong ends in a clear event, within the timeouts, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkFailureTest {
    private static final Duration OPEN = Duration.ofSeconds(2);

    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    /** Opens with one attempt and returns the FAILED event, checking it came within the bound. */
    private static SourceEvent failOnce(String url, long boundMillis) throws InterruptedException {
        EventRecorder events = new EventRecorder();
        CameraConfig c = CameraConfig.custom(url).openTimeout(OPEN).readTimeout(OPEN)
                .reconnect(ReconnectPolicy.DEFAULT.withMaxAttempts(1)).build();
        long t0 = System.nanoTime();
        try (FrameSource src = FrameSource.open(c, events)) {
            src.start();
            SourceEvent e = events.await(SourceState.FAILED, 0, boundMillis, TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println(url + " -> FAILED in " + ms + " ms");
            assertTrue(e.reason().contains("Fix: "), e.reason());
            return e;
        }
    }

    @Test
    void refusedConnection() throws Exception {
        int port = RtspTestServer.freePort();
        SourceEvent e = failOnce("rtsp://127.0.0.1:" + port + "/cam", 5000);
        assertEquals(SourceProblem.CONNECTION_REFUSED, e.problem());
        assertTrue(e.reason().contains("127.0.0.1:" + port), e.reason());
    }

    @Test
    void refusedConnectionIsRetriedWithBackoffUntilTheLimit() throws Exception {
        EventRecorder events = new EventRecorder();
        CameraConfig c = CameraConfig.custom("rtsp://127.0.0.1:" + RtspTestServer.freePort() + "/cam")
                .reconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5, 3)).build();
        try (FrameSource src = FrameSource.open(c, events)) {
            src.start();
            SourceEvent failed = events.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
            assertEquals(3, failed.attempt());
            List<SourceEvent> retries = events.events().stream().filter(ev -> ev.state() == SourceState.RECONNECTING).toList();
            assertEquals(2, retries.size(), events.events().toString());
            assertTrue(retries.get(0).retryInMillis() >= 25 && retries.get(0).retryInMillis() <= 50, retries.toString());
            assertTrue(retries.get(1).retryInMillis() >= 50 && retries.get(1).retryInMillis() <= 100, retries.toString());
            assertTrue(failed.reason().contains("maxAttempts=3"), failed.reason());
        }
    }

    @Test
    void silentPeerTimesOutWithinTheOpenTimeout() throws Exception {
        try (RawTcpServer silent = RawTcpServer.silent()) {
            SourceEvent e = failOnce("rtsp://127.0.0.1:" + silent.port() + "/cam", OPEN.toMillis() + 3000);
            assertEquals(SourceProblem.TIMED_OUT, e.problem(), e.toString());
        }
    }

    @Test
    void silentHttpPeerTimesOut() throws Exception {
        try (RawTcpServer silent = RawTcpServer.silent()) {
            SourceEvent e = failOnce("http://127.0.0.1:" + silent.port() + "/mjpeg", OPEN.toMillis() + 3000);
            assertEquals(SourceProblem.TIMED_OUT, e.problem(), e.toString());
        }
    }

    @Test
    void silentRtmpPeerTimesOutAndIsNotTurnedIntoAListener() throws Exception {
        try (RawTcpServer silent = RawTcpServer.silent()) {
            SourceEvent e = failOnce("rtmp://127.0.0.1:" + silent.port() + "/live/cam", OPEN.toMillis() + 3000);
            assertEquals(SourceProblem.TIMED_OUT, e.problem(), e.toString());
        }
    }

    @Test
    void garbageBytesOnThePort() throws Exception {
        try (RawTcpServer garbage = RawTcpServer.garbage(16 * 1024)) {
            SourceEvent e = failOnce("rtsp://127.0.0.1:" + garbage.port() + "/cam", OPEN.toMillis() + 5000);
            assertTrue(Set.of(SourceProblem.INVALID_DATA, SourceProblem.TIMED_OUT).contains(e.problem()), e.toString());
        }
    }

    @Test
    void garbageBytesOnAnHttpPort() throws Exception {
        try (RawTcpServer garbage = RawTcpServer.garbage(16 * 1024)) {
            SourceEvent e = failOnce("http://127.0.0.1:" + garbage.port() + "/mjpeg", OPEN.toMillis() + 5000);
            assertTrue(Set.of(SourceProblem.INVALID_DATA, SourceProblem.TIMED_OUT).contains(e.problem()), e.toString());
        }
    }

    @Test
    void unknownHostName() throws Exception {
        SourceEvent e = failOnce("rtsp://camera.invalid:554/cam", OPEN.toMillis() + 8000);
        assertEquals(SourceProblem.HOST_UNREACHABLE, e.problem(), e.toString());
    }

    @Test
    void unroutableAddressEndsWithinTheOpenTimeout() throws Exception {
        // TEST-NET-1: never routed. Where there is no network at all the kernel refuses at once.
        SourceEvent e = failOnce("rtsp://192.0.2.1:554/cam", OPEN.toMillis() + 3000);
        assertTrue(Set.of(SourceProblem.TIMED_OUT, SourceProblem.HOST_UNREACHABLE, SourceProblem.CONNECTION_REFUSED)
                .contains(e.problem()), e.toString());
    }

    @Test
    void unknownProtocol() throws Exception {
        SourceEvent e = failOnce("foo://127.0.0.1/cam", 5000);
        assertEquals(SourceProblem.BAD_URL, e.problem(), e.toString());
    }
}
