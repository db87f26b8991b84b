package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entryguard.camera.testing.EventRecorder;
import org.entryguard.camera.testing.TestMedia;
import org.entryguard.camera.testing.Threads;
import org.entryguard.core.ImageFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP multipart MJPEG, as many cheap IP cameras serve it, from an in-process server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MjpegHttpTest {
    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    private static HttpServer mjpegServer(List<byte[]> jpegs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/video.mjpg")) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=frame");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 2000; i++) {
                    byte[] jpg = jpegs.get(i % jpegs.size());
                    out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpg.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(jpg);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(40);
                }
            } catch (IOException | InterruptedException e) {
                // client went away
            }
        });
        server.start();
        return server;
    }

    @Test
    void mjpegFramesArriveAndAWrongPathIsNamed() throws Exception {
        HttpServer server = mjpegServer(TestMedia.jpegFrames(10, 320, 240));
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            EventRecorder events = new EventRecorder();
            try (FrameSource src = FrameSource.open(CameraConfig.custom(base + "/video.mjpg")
                    .readTimeout(Duration.ofSeconds(3)).build(), events)) {
                src.start();
                ImageFrame f = src.take(20, TimeUnit.SECONDS);
                assertNotNull(f, "MJPEG frames arrive: " + events.events());
                assertEquals(320, f.width());
                assertEquals(240, f.height());
            }
            EventRecorder bad = new EventRecorder();
            try (FrameSource src = FrameSource.open(CameraConfig.custom(base + "/wrong.mjpg").build(), bad)) {
                src.start();
                SourceEvent e = bad.await(SourceState.FAILED, 0, 10, TimeUnit.SECONDS);
                assertEquals(SourceProblem.NOT_FOUND, e.problem(), e.toString());
            }
        } finally {
            server.stop(0);
        }
    }
}
