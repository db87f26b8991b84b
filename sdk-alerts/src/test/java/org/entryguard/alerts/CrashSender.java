package org.entryguard.alerts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process the crash test kills: sends alerts {@code from..to} through a {@link WebhookSink} and prints
 * {@code SENT i} once {@code send} returned for alert i (so the parent knows what was promised durable), then
 * keeps delivering until the outbox is empty.
 */
public final class CrashSender {
    private CrashSender() { }

    public static void main(String[] args) throws Exception {
        Path outbox = Path.of(args[0]);
        URI endpoint = URI.create(args[1]);
        int from = Integer.parseInt(args[2]);
        int to = Integer.parseInt(args[3]);
        RetryConfig retry = RetryConfig.custom().initialInterval(Duration.ofMillis(50)).maxInterval(Duration.ofMillis(500))
                .maxDuration(Duration.ofHours(1)).build();
        try (WebhookSink sink = WebhookSink.custom().endpoint(endpoint).secret(WebhookSinkTest.SECRET).outboxDir(outbox)
                .segmentBytes(64 * 1024).retry(retry).connectTimeout(Duration.ofMillis(500)).build()) {
            System.out.println("RECOVERED " + sink.recoveryReport().pending() + " damage=" + sink.recoveryReport().damage().size());
            for (int i = from; i <= to; i++) {
                sink.send(TestAlerts.minorEntry(id(i)));
                System.out.println("SENT " + i);
                System.out.flush();
            }
            while (sink.pendingCount() > 0) Thread.sleep(20);
            System.out.println("DRAINED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    static String id(int i) { return String.format("crash-%05d", i); }
}
