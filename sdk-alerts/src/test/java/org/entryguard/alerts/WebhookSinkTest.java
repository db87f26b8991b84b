package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.entryguard.core.EntryGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSinkTest {
    static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final RetryConfig FAST = RetryConfig.custom().initialInterval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(200))
            .maxDuration(Duration.ofMinutes(5)).build();

    @TempDir Path dir;
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

    WebhookSink.Builder sink(URI endpoint) {
        return WebhookSink.custom().endpoint(endpoint).secret(SECRET).outboxDir(dir.resolve("outbox")).retry(FAST)
                .listener(events::add);
    }

    long count(DeliveryEvent.Type t) { return events.stream().filter(e -> e.type() == t).count(); }

    @Test
    void deliversSignedAlertsThatTheReceiverAcceptsOverOneKeptAliveConnection() {
        Set<String> got = ConcurrentHashMap.newKeySet();
        WebhookReceiver receiver = WebhookReceiver.custom().secret(SECRET).handler(a -> got.add(a.id())).build();
        try (ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null);
             WebhookSink sink = sink(URI.create("http://127.0.0.1:" + server.address().getPort() + "/alerts")).build()) {
            for (int i = 0; i < 20; i++) sink.send(TestAlerts.minorEntry("a-" + i));
            Await.until("20 delivered", () -> sink.metrics().delivered() == 20, sink::metrics);
            assertEquals(20, got.size());
            assertEquals(new ReceiverStats(20, 0, 0), receiver.stats());
            Await.until("outbox empty", () -> sink.pendingCount() == 0);
            DeliveryMetrics m = sink.metrics();
            assertEquals(new DeliveryMetrics(0, 0, 20, 0, 0), m);
            assertEquals(20, count(DeliveryEvent.Type.QUEUED));
        }
        try (ScriptedServer s = new ScriptedServer();
             WebhookSink sink = sink(s.uri()).maxInFlight(1).build()) {
            for (int i = 0; i < 10; i++) sink.send(TestAlerts.minorEntry("k-" + i));
            Await.until("10 delivered", () -> sink.metrics().delivered() == 10);
            assertEquals(1, s.connections.get(), "keep-alive reuses one connection");
            ScriptedServer.Received r = s.received.get(0);
            assertEquals("application/json", r.header("content-type"));
            WebhookVerifier.custom().secret(SECRET).build()
                    .verify(r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"), r.body());
            assertTrue(r.header("webhook-id").startsWith("k-"));
        }
    }

    @Test
    void retriesFailuresWithBackoffAndHonoursRetryAfter() {
        try (ScriptedServer s = new ScriptedServer(ScriptedServer.Answer.of(500),
                new ScriptedServer.Answer(503, Map.of("Retry-After", "1")), ScriptedServer.Answer.of(200));
             WebhookSink sink = sink(s.uri()).build()) {
            sink.send(TestAlerts.minorEntry("r-1"));
            Await.until("delivered", () -> sink.metrics().delivered() == 1, sink::metrics);
            assertEquals(2, sink.metrics().retried());
            List<DeliveryEvent> retries = events.stream().filter(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED).toList();
            assertEquals(500, retries.get(0).status());
            assertTrue(retries.get(0).nextDelay().toMillis() <= 30, "first retry after ~20 ms ±50 %: " + retries.get(0));
            assertEquals(503, retries.get(1).status());
            assertEquals(Duration.ofMillis(200), retries.get(1).nextDelay(), "Retry-After: 1 s, capped at maxInterval");
            assertEquals(3, s.received.size());
            assertEquals(Set.of("r-1"), Set.copyOf(s.received.stream().map(r -> r.header("webhook-id")).toList()));
        }
    }

    @Test
    void readTimeoutAndConnectionRefusedAreRetried() throws Exception {
        int freePort;
        try (ServerSocket ss = new ServerSocket(0)) {
            freePort = ss.getLocalPort();
        }
        try (WebhookSink sink = sink(URI.create("http://127.0.0.1:" + freePort + "/x")).build()) {
            sink.send(TestAlerts.minorEntry("refused"));
            Await.until("a retry after refused connection", () -> sink.metrics().retried() >= 1);
            assertTrue(events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED && e.detail().contains("connect")));
        }
        events.clear();
        try (ScriptedServer s = new ScriptedServer(ScriptedServer.Answer.of(0));
             WebhookSink sink = sink(s.uri()).readTimeout(Duration.ofMillis(300)).build()) {
            assertEquals(1, sink.pendingCount(), "the refused alert is still queued after a restart");
            sink.send(TestAlerts.minorEntry("slow"));
            Await.until("both delivered", () -> sink.metrics().delivered() == 2, sink::metrics);
            assertTrue(events.stream().anyMatch(e -> e.detail().contains("read timeout")), events.toString());
        }
    }

    @Test
    void gone410DisablesTheEndpointAndKeepsAlertsQueued() {
        try (ScriptedServer s = new ScriptedServer(ScriptedServer.Answer.of(410));
             WebhookSink sink = sink(s.uri()).build()) {
            sink.send(TestAlerts.minorEntry("g-1"));
            Await.until("disabled", sink::deliveryDisabled);
            sink.send(TestAlerts.minorEntry("g-2"));
            Await.until("parked", () -> sink.metrics().queued() == 2, sink::metrics);
            assertEquals(1, s.received.size(), "nothing is sent to a disabled endpoint");
            assertEquals(2, sink.pendingCount());
            assertEquals(1, count(DeliveryEvent.Type.ENDPOINT_DISABLED));
            sink.resumeDelivery();
            Await.until("delivered after resume", () -> sink.metrics().delivered() == 2, sink::metrics);
            assertEquals(0, sink.pendingCount());
        }
    }

    @Test
    void alertsPastTheHorizonGoToTheDeadLetterFile() throws Exception {
        try (ScriptedServer s = new ScriptedServer()) {
            s.fallback = ScriptedServer.Answer.of(500);
            RetryConfig shortHorizon = RetryConfig.custom().initialInterval(Duration.ofMillis(10))
                    .maxInterval(Duration.ofMillis(50)).maxDuration(Duration.ofMillis(300)).build();
            try (WebhookSink sink = sink(s.uri()).retry(shortHorizon).build()) {
                sink.send(TestAlerts.minorEntry("dead-1"));
                Await.until("dead", () -> sink.metrics().dead() == 1, sink::metrics);
                assertEquals(0, sink.pendingCount(), "dead letters leave the outbox");
            }
            List<String> lines = Files.readAllLines(dir.resolve("outbox/dead-letter.jsonl"));
            assertEquals(1, lines.size());
            JsonNode n = new ObjectMapper().readTree(lines.get(0));
            assertEquals("dead-1", n.get("alertId").asText());
            assertEquals(500, n.get("lastStatus").asInt());
            assertTrue(n.get("attempts").asInt() >= 2);
            assertEquals(TestAlerts.minorEntry("dead-1"), Alert.fromJson(new ObjectMapper().writeValueAsBytes(n.get("alert"))));
            assertEquals(1, count(DeliveryEvent.Type.DEAD_LETTERED));
        }
    }

    @Test
    void interceptorsRunBeforeSigningAndCanChangeTheRequest() {
        List<String> seenSignature = new CopyOnWriteArrayList<>();
        try (ScriptedServer s = new ScriptedServer();
             WebhookSink sink = sink(s.uri()).addInterceptor(chain -> {
                 seenSignature.add(String.valueOf(chain.request().header("webhook-signature")));
                 return chain.proceed(DeliveryRequest.from(chain.request()).header("X-Venue-Gateway", "gw-7").build());
             }).build()) {
            sink.send(TestAlerts.minorEntry("i-1"));
            Await.until("delivered", () -> sink.metrics().delivered() == 1);
            assertEquals(List.of("null"), seenSignature);
            assertEquals("gw-7", s.received.get(0).header("x-venue-gateway"));
            assertTrue(s.received.get(0).header("webhook-signature").startsWith("v1,"));
        }
    }

    @Test
    void faceCropsAreLeftOutUnlessEnabled() throws Exception {
        Alert withCrop = Alert.from(TestAlerts.minorEntry("c-1")).faceCrop(FaceCrop.ofJpeg(TestAlerts.jpeg(2000))).build();
        try (ScriptedServer s = new ScriptedServer()) {
            try (WebhookSink sink = sink(s.uri()).build()) {
                sink.send(withCrop);
                Await.until("delivered", () -> sink.metrics().delivered() == 1);
            }
            assertFalse(s.received.get(0).bodyText().contains("faceCrop"));
            try (WebhookSink sink = sink(s.uri()).allowFaceCrops(4096).build()) {
                sink.send(Alert.from(withCrop).id("c-2").build());
                Await.until("delivered", () -> sink.metrics().delivered() == 1);
            }
            assertEquals(withCrop.faceCrop(), Alert.fromJson(s.received.get(1).body()).faceCrop());
            try (WebhookSink sink = sink(s.uri()).allowFaceCrops(1000).build()) {
                sink.send(Alert.from(withCrop).id("c-3").build());
                Await.until("delivered", () -> sink.metrics().delivered() == 1);
            }
            assertNull(Alert.fromJson(s.received.get(2).body()).faceCrop().orElse(null), "over the cap: left out");
        }
    }

    @Test
    void badSettingsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WebhookSink.custom().build()).getMessage().contains("endpoint"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WebhookSink.custom().endpoint(URI.create("http://x")).build())
                .getMessage().contains("secret"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sink(URI.create("ftp://x/y")).build()).getMessage().contains("http"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryConfig.custom().multiplier(0.5).build()).getMessage().contains("at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).allowFaceCrops(0)).getMessage().contains("cap"));
    }
}
