package org.entryguard.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, items 5-7: the receiver attacked from outside over raw loopback sockets. Each case was accepted (or
 * locked the real sender out) before the fix.
 */
class ReceiverHardeningTest {
    static final WebhookSecret SECRET = WebhookSinkTest.SECRET;
    final List<Alert> handled = new CopyOnWriteArrayList<>();

    @TempDir Path dir;

    private WebhookReceiver.Builder receiver() {
        return WebhookReceiver.custom().secret(SECRET).path("/alerts").requestDeadline(Duration.ofMillis(800)).handler(handled::add);
    }

    private static byte[] signedRequest(byte[] body, String id, long ts, String version) {
        String sig = WebhookSigner.of(SECRET).signature(id, ts, body);
        String head = "POST /alerts " + version + "\r\nHost: x\r\nContent-Type: application/json\r\nwebhook-id: " + id
                + "\r\nwebhook-timestamp: " + ts + "\r\nwebhook-signature: " + sig + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends one request on a fresh connection and returns the status line and body. */
    private static String exchange(int port, byte[] request) throws Exception {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        request = text.replaceFirst("\r\nHost: x\r\n", "\r\nHost: x\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush(); // the request says Connection: close; half-closing would make the server drop it
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long now() { return System.currentTimeMillis() / 1000; }

    @Test
    void aReplayAfterAReceiverRestartIsStillADuplicate() throws Exception {
        Path store = dir.resolve("receiver/accepted-ids");
        Alert a = TestAlerts.minorEntry("replayed-after-restart");
        byte[] request = signedRequest(a.toJson(), a.id(), now(), "HTTP/1.1");
        try (ReceiverServer server = receiver().duplicateStore(store).build().bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            assertTrue(exchange(server.address().getPort(), request).contains("accepted"));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        WebhookReceiver restarted = receiver().duplicateStore(store).build();
        try (ReceiverServer server = restarted.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            String answer = exchange(server.address().getPort(), request); // byte for byte, inside the 5-minute window
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("duplicate"), answer);
        }
        assertEquals(List.of(a), handled, "handed on once across the restart");
    }

    @Test
    void oneClientHoldingSocketsDoesNotLockARealSenderOut() throws Exception {
        WebhookReceiver r = receiver().maxConnections(256).maxConnectionsPerSource(16).build();
        try (ReceiverServer server = r.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            int port = server.address().getPort();
            // the abuser, from another loopback address (a different source), keeps ~400 sockets open: the
            // receiver cuts idle ones at the request deadline, so it keeps opening new ones, as the hostile test did
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread abuser = new Thread(() -> {
                java.util.ArrayDeque<Socket> held = new java.util.ArrayDeque<>();
                while (!stop.get()) {
                    try {
                        while (held.size() < 400) {
                            Socket s = new Socket();
                            s.bind(new InetSocketAddress("127.0.0.2", 0));
                            s.connect(new InetSocketAddress("127.0.0.1", port));
                            held.add(s);
                        }
                        Thread.sleep(50);
                        for (int i = 0; i < 100; i++) held.poll().close();
                    } catch (Exception e) {
                        // keep going
                    }
                }
                held.forEach(s -> {
                    try {
                        s.close();
                    } catch (java.io.IOException ignored) {
                        // closing
                    }
                });
            });
            abuser.start();
            Thread.sleep(500);
            int failed = 0;
            try {
                for (int i = 0; i < 100; i++) {
                    Alert a = TestAlerts.minorEntry("real-" + i);
                    if (!exchange(port, signedRequest(a.toJson(), a.id(), now(), "HTTP/1.1")).startsWith("HTTP/1.1 200")) failed++;
                }
            } finally {
                stop.set(true);
                abuser.join();
            }
            System.out.println("PER-SOURCE: abuser churning 400 sockets; real sender failures " + failed + "/100; refused "
                    + r.stats().refusedConnections());
            assertEquals(0, failed, "real sender's failed deliveries");
            assertTrue(r.stats().refusedConnections() > 0);
        }
    }

    @Test
    void aKeepAliveConnectionsNextRequestTricklingItsHeadersIsCutAtTheDeadline() throws Exception {
        try (ReceiverServer server = receiver().build().bind(new InetSocketAddress("127.0.0.1", 0), null);
             Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            Alert a = TestAlerts.minorEntry("first-on-the-connection");
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(signedRequest(a.toJson(), a.id(), now(), "HTTP/1.1"));
            out.flush();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            assertTrue(new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            long start = System.nanoTime();
            byte[] next = "POST /alerts HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
            String answer = "";
            for (byte b : next) { // one header byte every 100 ms: each resets an idle timer, none completes the headers
                try {
                    out.write(b);
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                if (in.available() > 0) break;
                Thread.sleep(100);
            }
            answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(seconds < 3, "cut after " + seconds + " s (deadline 0.8 s)");
        }
    }

    @Test
    void aByteOrderMarkABadHttpVersionAndTheSecretCountAreRefusedOrHidden() throws Exception {
        WebhookReceiver r = receiver().secret(WebhookSecret.generate()).build(); // two secrets configured
        try (ReceiverServer server = r.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            int port = server.address().getPort();
            Alert a = TestAlerts.minorEntry("bom");
            byte[] json = a.toJson();
            byte[] bom = new byte[json.length + 3];
            bom[0] = (byte) 0xEF;
            bom[1] = (byte) 0xBB;
            bom[2] = (byte) 0xBF;
            System.arraycopy(json, 0, bom, 3, json.length);
            String answer = exchange(port, signedRequest(bom, a.id(), now(), "HTTP/1.1")); // validly signed, BOM and all
            assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("byte-order mark"), answer);

            Alert b = TestAlerts.minorEntry("http99");
            answer = exchange(port, signedRequest(b.toJson(), b.id(), now(), "HTTP/9.9"));
            assertTrue(answer.startsWith("HTTP/1.1 505"), answer);

            byte[] forged = signedRequest(b.toJson(), b.id(), now(), "HTTP/1.1");
            String text = new String(forged, StandardCharsets.ISO_8859_1).replace("v1,", "v1,AAAA");
            answer = exchange(port, text.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertFalse(answer.matches("(?s).*\\d+ configured secret.*"), "the 401 tells nobody how many secrets exist: " + answer);
            assertEquals(List.of(), handled);
        }
    }
}
