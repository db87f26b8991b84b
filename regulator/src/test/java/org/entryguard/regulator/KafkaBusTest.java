package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.entryguard.alerts.WebhookSink;
import org.entryguard.regulator.store.StoredAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The city set-up against a real Kafka 4 broker (KRaft) running in this JVM. */
class KafkaBusTest {
    @TempDir static Path kafkaDir;
    static LocalKafka kafka;
    @TempDir Path dir;

    @BeforeAll
    static void startKafka() throws Exception { kafka = new LocalKafka(kafkaDir); }

    @AfterAll
    static void stopKafka() { if (kafka != null) kafka.close(); }

    RegulatorConfig node(String name, String role, String topic) {
        return Fixtures.config(dir.resolve(name)).withKafka(new RegulatorConfig.Kafka(kafka.bootstrap(), topic, "regulators-" + topic, role, Map.of()));
    }

    /** Counts what the feed shows, per id: each must appear exactly once. */
    static Map<String, AtomicInteger> watch(RegulatorService s) {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        s.feed().subscribe((StoredAlert a) -> seen.computeIfAbsent(a.id(), k -> new AtomicInteger()).incrementAndGet());
        return seen;
    }

    @Test
    void anIntakeNodePublishesAndAConsumerNodeStoresAndFeedsEachAlertOnce() {
        try (RegulatorService consumer = RegulatorService.start(node("consumer", "consumer", "t-split"));
             RegulatorService intake = RegulatorService.start(node("intake", "intake", "t-split"))) {
            Map<String, AtomicInteger> seen = watch(consumer);
            try (WebhookSink sink = WebhookSink.custom().endpoint(intake.webhookUri("ktv-1")).secret(Fixtures.SECRET_A)
                    .outboxDir(dir.resolve("o")).retry(Fixtures.FAST).build()) {
                for (int i = 0; i < 50; i++) sink.send(Fixtures.minor("s-" + i, "ktv-1"));
                for (int i = 0; i < 50; i++) sink.send(Fixtures.minor("s-" + i, "ktv-1"));
                Fixtures.await("100 acknowledged", () -> sink.metrics().delivered() == 100, sink::metrics);
            }
            Fixtures.await("50 stored on the consumer node", () -> consumer.store().count() == 50, () -> consumer.metrics().scrape());
            assertEquals(0, intake.store().count(), "the intake node stores nothing itself");
            assertEquals(50, seen.size());
            assertTrue(seen.values().stream().allMatch(n -> n.get() == 1), seen.toString());
        }
    }

    @Test
    void aBrokerRestartWithAlertsInFlightLosesNothingAndStoresNothingTwice() throws Exception {
        try (RegulatorService s = RegulatorService.start(node("one", "both", "t-restart"))) {
            Map<String, AtomicInteger> seen = watch(s);
            List<WebhookSink> sinks = new ArrayList<>();
            try {
                for (String v : List.of("ktv-1", "bar-2")) {
                    sinks.add(WebhookSink.custom().endpoint(s.webhookUri(v)).secret(v.equals("ktv-1") ? Fixtures.SECRET_A : Fixtures.SECRET_B)
                            .outboxDir(dir.resolve("o-" + v)).retry(Fixtures.FAST).build());
                }
                int total = 0;
                // ktv-1 sends fast; bar-2 is rate-limited to 2/s, so its sink also meets 429s and retries
                for (int i = 0; i < 300; i++) {
                    sinks.get(0).send(Fixtures.minor("k-" + i, "ktv-1"));
                    total++;
                    if (i % 30 == 0) {
                        sinks.get(1).send(Fixtures.minor("b-" + i, "bar-2"));
                        total++;
                    }
                    if (i == 100) {
                        Fixtures.await("some stored before the restart", () -> s.store().count() > 20, () -> s.store().count());
                        kafka.stop(); // alerts now queue in the gateways' outboxes and in the producer
                    }
                    if (i == 200) kafka.start();
                }
                int expected = total;
                for (int i = 0; i < 50; i++) sinks.get(0).send(Fixtures.minor("k-" + i, "ktv-1")); // redeliveries
                Fixtures.await("all " + expected + " stored", () -> s.store().count() == expected
                        && sinks.stream().allMatch(k -> k.metrics().queued() == 0 && k.metrics().inFlight() == 0),
                        () -> s.store().count() + " stored; sinks " + sinks.stream().map(WebhookSink::metrics).toList());
                Thread.sleep(1000); // let any redelivered record reach the consumer
                assertEquals(expected, s.store().count(), "nothing lost, one row per id");
                assertEquals(expected, seen.size());
                assertTrue(seen.values().stream().allMatch(n -> n.get() == 1), "the feed shows each alert once");
                assertTrue(sinks.get(0).metrics().retried() > 0, "the restart was felt: the gateway had to retry");
            } finally {
                sinks.forEach(WebhookSink::close);
            }
        }
    }
}
