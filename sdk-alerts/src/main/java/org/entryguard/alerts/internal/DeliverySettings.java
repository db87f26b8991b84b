package org.entryguard.alerts.internal;

import org.entryguard.alerts.DeliveryListener;
import org.entryguard.alerts.Interceptor;
import org.entryguard.alerts.Outbox;
import org.entryguard.alerts.RetryConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;

/**
 * The settings every durable sink shares (outbox, dead letters, retry, HTTP timeouts, interceptors, events), with
 * their defaults, their checks and the pieces built from them. The public sink builders keep their own documented
 * setters and store into one of these, so a default or a check is written once.
 */
public final class DeliverySettings {
    public Path outboxDir;
    public long maxDiskBytes = 256L << 20;
    public long segmentBytes = 8L << 20;
    public Path deadLetterFile;
    public RetryConfig retry = RetryConfig.ofDefaults();
    public Duration connectTimeout = Duration.ofSeconds(5);
    public Duration readTimeout = Duration.ofSeconds(15);
    public int maxInFlight = 4;
    public final List<Interceptor> interceptors = new ArrayList<>();
    public DeliveryListener listener;
    public Clock clock = Clock.systemUTC();
    public TrustManagerFactory trust;
    public String userAgent = "EntryGuard-Alerts/1";
    public int emergencyCapacity = DeliveryEngine.EMERGENCY_CAPACITY;

    /**
     * Checks the shared settings.
     *
     * @param sink how the error messages name the sink, e.g. "webhook sink"
     * @throws IllegalArgumentException naming the setting and the fix
     */
    public void check(String sink) {
        if (outboxDir == null) {
            throw new IllegalArgumentException(sink + " needs an outbox folder on a local disk: call outboxDir(Path.of(...))");
        }
        if (maxInFlight < 1 || maxInFlight > 64) {
            throw new IllegalArgumentException("maxInFlight " + maxInFlight + " must be in 1..64");
        }
        if (emergencyCapacity < 1) {
            throw new IllegalArgumentException("emergencyQueueCapacity " + emergencyCapacity + " must be at least 1");
        }
        positive("connectTimeout", connectTimeout);
        positive("readTimeout", readTimeout);
    }

    /** Checks that a duration setting is positive. */
    public static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, e.g. Duration.ofSeconds(5)");
        }
    }

    /** The HTTP client for the endpoint, with these timeouts and trust. */
    public NettyHttpClient client(URI endpoint) {
        return new NettyHttpClient(endpoint, connectTimeout, readTimeout, trust);
    }

    /** Opens the outbox journal in {@link #outboxDir}. */
    public Outbox openOutbox() {
        return Outbox.custom(outboxDir).maxDiskBytes(maxDiskBytes).segmentBytes(segmentBytes).build();
    }

    /** The dead-letter file: the one set, or {@code <outboxDir>/dead-letter.jsonl}. */
    public DeadLetterFile deadLetters() {
        return new DeadLetterFile(deadLetterFile != null ? deadLetterFile : outboxDir.resolve("dead-letter.jsonl"));
    }
}
