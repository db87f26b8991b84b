package org.entryguard.camera.testing;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A real RTSP server on loopback that a test can kill, freeze and restart on the same port, as cameras do.
 * {@link #start} gives the in-JVM {@link NettyRtspTestServer} (no system packages); {@link GstRtspTestServer}
 * is the GStreamer one the {@code gstreamer} profile also runs the source tests against.
 */
public interface RtspTestServer extends AutoCloseable {
    /** Starts the in-JVM server on a free port with the given mounts (e.g. "/cam"). */
    static RtspTestServer start(String... mounts) throws IOException, InterruptedException {
        return NettyRtspTestServer.start(null, null, mounts);
    }

    /** Same, requiring RTSP basic authentication with these credentials. */
    static RtspTestServer startWithAuth(String user, String password, String... mounts)
            throws IOException, InterruptedException {
        return NettyRtspTestServer.start(user, password, mounts);
    }

    /** A TCP port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** The URL of a mount. */
    default String url(String mount) {
        return "rtsp://127.0.0.1:" + port() + mount;
    }

    /** The TCP port. */
    int port();

    /** Stops at once: the listening socket and every connection close, as when the camera's process dies. */
    void kill() throws InterruptedException;

    /** Freezes: sockets stay open (new connections are accepted) but nothing is sent or answered. */
    void freeze() throws IOException, InterruptedException;

    /** Undoes {@link #freeze()}. */
    void thaw() throws IOException, InterruptedException;

    /** Starts again on the same port after {@link #kill()}. */
    void restart() throws IOException, InterruptedException;

    @Override
    void close() throws IOException, InterruptedException;
}
