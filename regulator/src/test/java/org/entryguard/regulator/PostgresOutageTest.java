package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import org.entryguard.alerts.WebhookSink;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production database goes away under the service: senders get 503 and retry; nothing is lost or doubled. */
class PostgresOutageTest {
    @TempDir Path dir;

    @Test
    void whilePostgresIsDownSendersGet503AndEverythingArrivesOnceWhenItIsBack() throws Exception {
        LocalPostgres pg = LocalPostgres.start();
        Assumptions.assumeTrue(pg != null, () -> "PostgreSQL test skipped: " + LocalPostgres.unavailable);
        try (pg) {
            RegulatorConfig cfg = Fixtures.config(dir.resolve("data")).withDatabase(new RegulatorConfig.Database(pg.url(), "postgres", null, 4));
            try (RegulatorService s = RegulatorService.start(cfg);
                 WebhookSink sink = WebhookSink.custom().endpoint(s.webhookUri("ktv-1")).secret(Fixtures.SECRET_A)
                         .outboxDir(dir.resolve("outbox")).retry(Fixtures.FAST).build()) {
                for (int i = 0; i < 20; i++) sink.send(Fixtures.minor("pg-" + i, "ktv-1"));
                Fixtures.await("20 stored", () -> s.store().count() == 20, sink::metrics);
                pg.kill();
                HttpResponse<String> down = WebhookIntakeTest.signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("pg-down", "ktv-1"),
                        Instant.now().getEpochSecond());
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("store_unavailable") && down.headers().firstValue("retry-after").isPresent(), down.body());
                for (int i = 20; i < 40; i++) sink.send(Fixtures.minor("pg-" + i, "ktv-1"));
                for (int i = 0; i < 10; i++) sink.send(Fixtures.minor("pg-" + i, "ktv-1")); // repeats of stored ones
                Thread.sleep(1500);
                assertTrue(sink.metrics().retried() > 0, "the outage was felt: " + sink.metrics());
                pg.restart();
                Fixtures.await("all delivered", () -> sink.metrics().queued() == 0 && sink.metrics().inFlight() == 0, sink::metrics);
                assertEquals(40, s.store().count(), "nothing lost, nothing twice");
                assertTrue(s.store().get("pg-down").isEmpty(), "a 503 means not stored: the sender must retry it");
            }
        }
    }
}
