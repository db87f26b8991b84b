package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookReceiverTest {
    static final WebhookSecret SECRET = WebhookSinkTest.SECRET;
    final List<Alert> handled = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    WebhookReceiver receiver;
    ReceiverServer server;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.custom().secret(SECRET).path("/alerts").maxBodyBytes(64 * 1024)
                .requestDeadline(Duration.ofMillis(500)).handler(a -> {
                    if (failNext.getAndDecrement() > 0) throw new IllegalStateException("database down");
                    handled.add(a);
                }).build();
        server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null);
    }

    @AfterEach
    void stop() { server.close(); }

    URI uri(String path) { return URI.create("http://127.0.0.1:" + server.address().getPort() + path); }

    HttpResponse<String> post(String id, long ts, String signature, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/alerts")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("content-type", "application/json");
        if (id != null) b.header("webhook-id", id);
        if (ts != 0) b.header("webhook-timestamp", Long.toString(ts));
        if (signature != null) b.header("webhook-signature", signature);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postSigned(Alert a, long ts) throws Exception {
        byte[] body = a.toJson();
        return post(a.id(), ts, WebhookSigner.of(SECRET).signature(a.id(), ts, body), body);
    }

    static long now() { return System.currentTimeMillis() / 1000; }

    @Test
    void acceptsOnceAndAnswersDuplicatesWith200() throws Exception {
        Alert a = TestAlerts.minorEntry("rx-1");
        HttpResponse<String> r = postSigned(a, now());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("accepted"));
        r = postSigned(a, now()); // a retry, freshly signed
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("duplicate"));
        assertEquals(List.of(a), handled);
        assertEquals(new ReceiverStats(1, 1, 0), receiver.stats());
    }

    @Test
    void refusesForgedReplayedAndMalformedRequestsPrecisely() throws Exception {
        Alert a = TestAlerts.minorEntry("rx-2");
        byte[] body = a.toJson();
        long ts = now();
        String sig = WebhookSigner.of(SECRET).signature(a.id(), ts, body);
        assertEquals(400, post(null, ts, sig, body).statusCode(), "unsigned: no webhook-id");
        assertEquals(400, post(a.id(), ts, null, body).statusCode(), "no signature");
        assertEquals(401, post(a.id(), ts, WebhookSigner.of(WebhookSecret.generate()).signature(a.id(), ts, body), body).statusCode());
        byte[] tampered = Alert.from(a).cameraId("cam-other").build().toJson();
        assertEquals(401, post(a.id(), ts, sig, tampered).statusCode(), "body changed after signing");
        HttpResponse<String> old = postSigned(a, ts - 301);
        assertEquals(401, old.statusCode());
        assertTrue(old.body().contains("window"), old.body());
        byte[] garbage = "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> bad = post("g-1", ts, WebhookSigner.of(SECRET).signature("g-1", ts, garbage), garbage);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'id' is missing"), bad.body());
        assertEquals(400, post("other-id", ts, WebhookSigner.of(SECRET).signature("other-id", ts, body), body).statusCode(), "id mismatch");
        assertEquals(405, http.send(HttpRequest.newBuilder(uri("/alerts")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(HttpRequest.newBuilder(uri("/other")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        byte[] huge = new byte[100 * 1024];
        assertEquals(413, post("h", ts, "v1,x", huge).statusCode());
        assertTrue(handled.isEmpty());
        assertEquals(0, receiver.stats().accepted());
    }

    @Test
    void aFailingHandlerGets500AndTheRetryIsHandedOnAgain() throws Exception {
        failNext.set(1);
        Alert a = TestAlerts.minorEntry("rx-3");
        assertEquals(500, postSigned(a, now()).statusCode());
        assertEquals(200, postSigned(a, now()).statusCode());
        assertEquals(List.of(a), handled);
    }

    @Test
    void slowlorisConnectionsAreCutAtTheRequestDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /alerts HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"sch".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), "answered 408, then closed instead of waiting for the rest: " + answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        }
        assertEquals(1, receiver.stats().timedOut());
        assertEquals(200, postSigned(TestAlerts.minorEntry("after-slow"), now()).statusCode(), "still serving");
    }

    @Test
    void connectionsPastTheLimitGet503AndTheReceiverRecovers() throws Exception {
        WebhookReceiver limited = WebhookReceiver.custom().secret(SECRET).maxConnections(3).handler(handled::add).build();
        try (ReceiverServer srv = limited.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            List<Socket> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) held.add(new Socket("127.0.0.1", srv.address().getPort()));
                Await.until("3 connections counted", () -> limited.openConnections() == 3);
                try (Socket extra = new Socket("127.0.0.1", srv.address().getPort())) {
                    extra.setSoTimeout(10_000);
                    String answer = new String(extra.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                    assertTrue(answer.contains("retry-after: 1") && answer.contains("connection limit"), answer);
                }
            } finally {
                for (Socket s : held) s.close();
            }
            Await.until("connections released", () -> limited.openConnections() == 0);
            Alert a = TestAlerts.minorEntry("after-limit");
            byte[] body = a.toJson();
            long ts = now();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + srv.address().getPort() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("webhook-id", a.id())
                    .header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", WebhookSigner.of(SECRET).signature(a.id(), ts, body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, limited.stats().refusedConnections());
        }
    }

    @Test
    void sinkDeliversOverTlsWithASelfSignedCertificate(@TempDir Path dir) throws Exception {
        TestTls tls = new TestTls(dir);
        List<Alert> got = new CopyOnWriteArrayList<>();
        WebhookReceiver r = WebhookReceiver.custom().secret(SECRET).handler(got::add).build();
        try (ReceiverServer https = r.bind(new InetSocketAddress("127.0.0.1", 0), tls.server);
             WebhookSink sink = WebhookSink.custom().endpoint(URI.create("https://localhost:" + https.address().getPort() + "/a"))
                     .secret(SECRET).outboxDir(dir.resolve("outbox")).trustManagerFactory(tls.clientTrust)
                     .retry(WebhookSinkTest.FAST).build()) {
            sink.send(TestAlerts.minorEntry("tls-1"));
            Await.until("delivered over TLS", () -> got.size() == 1, sink::metrics);
            assertEquals("tls-1", got.get(0).id());
        }
        // Without trusting the certificate the handshake fails, and the alert stays queued for retry.
        List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
        try (ReceiverServer https = r.bind(new InetSocketAddress("127.0.0.1", 0), tls.server);
             WebhookSink sink = WebhookSink.custom().endpoint(URI.create("https://localhost:" + https.address().getPort() + "/a"))
                     .secret(SECRET).outboxDir(dir.resolve("outbox2")).listener(events::add).retry(WebhookSinkTest.FAST).build()) {
            sink.send(TestAlerts.minorEntry("tls-2"));
            Await.until("retry scheduled", () -> sink.metrics().retried() >= 1);
            assertEquals(1, sink.pendingCount());
            assertEquals(1, got.size());
        }
    }
}
