package org.entryguard.camera.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second, independent RTSP server on loopback: {@code sdk-camera/scripts/rtsp-test-server.py} (GStreamer
 * gst-rtsp-server) serving a live synthetic H.264 stream, so the source is also proven against a server that is
 * not ours. Can be killed, frozen (SIGSTOP) and restarted on the same port. Used only by the tests tagged
 * {@code gstreamer} (Maven profile {@code -Pgstreamer}); the default suite uses {@link NettyRtspTestServer}.
 *
 * <p>Needs (Debian 12): python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
 * gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly.
 */
public final class GstRtspTestServer implements RtspTestServer {
    private static final String PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base"
            + " gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly";
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private GstRtspTestServer(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a free port with the given mounts (e.g. "/cam"). */
    public static GstRtspTestServer start(String... mounts) throws IOException, InterruptedException {
        return startWithAuth(null, null, mounts);
    }

    /** Same, requiring RTSP basic authentication when {@code user} is not null. */
    public static GstRtspTestServer startWithAuth(String user, String password, String... mounts)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        if (user != null) {
            args.addAll(List.of("--user", user, "--password", password));
        }
        for (String m : mounts) {
            args.add("--mount");
            args.add(m);
        }
        GstRtspTestServer s = new GstRtspTestServer(RtspTestServer.freePort(), args);
        s.launch();
        return s;
    }

    @Override
    public int port() {
        return port;
    }

    /** Kills the server process at once (SIGKILL): the OS closes its sockets. */
    @Override
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): sockets stay open, nothing is sent — a stalled camera. */
    @Override
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Unfreezes (SIGCONT). */
    @Override
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Starts the server again on the same port. */
    @Override
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null) {
            thaw();
        }
        kill();
    }

    private void signal(String sig) throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
        k.waitFor(10, TimeUnit.SECONDS);
    }

    private void launch() throws IOException, InterruptedException {
        Path script = Path.of("scripts", "rtsp-test-server.py").toAbsolutePath();
        if (!Files.exists(script)) {
            throw new IllegalStateException("Missing " + script + " (run the tests from the sdk-camera module)");
        }
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--port", Integer.toString(port)));
        cmd.addAll(extraArgs);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        IOException last = null;
        while (System.nanoTime() < deadline) { // the port may linger briefly after a kill
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = readLineWithin(out, p, 15);
            if (line != null && line.startsWith("READY")) {
                process = p;
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // process gone
                    }
                }, "rtsp-test-server-drain");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            String rest = line == null ? "" : line;
            if (rest.contains("ModuleNotFoundError") || rest.contains("ValueError") || rest.contains("Namespace")) {
                throw new IllegalStateException("The loopback RTSP server cannot start: " + rest
                        + ". Install: apt-get install -y " + PACKAGES);
            }
            last = new IOException("RTSP test server did not start: " + rest);
            Thread.sleep(300);
        }
        throw new IllegalStateException("The loopback RTSP server did not start within 20 s. Install: apt-get install -y "
                + PACKAGES, last);
    }

    private static String readLineWithin(BufferedReader out, Process p, int seconds) throws InterruptedException {
        String[] holder = new String[1];
        StringBuilder all = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    all.append(l).append(' ');
                    if (l.startsWith("READY") || l.startsWith("ERROR")) {
                        holder[0] = l;
                        return;
                    }
                }
            } catch (IOException ignored) {
                // stream closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(seconds));
        return holder[0] != null ? holder[0] : all.toString().trim();
    }
}
