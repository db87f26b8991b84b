package org.entryguard.alerts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.TrustManagerFactory;

import org.entryguard.alerts.internal.DeadLetterFile;
import org.entryguard.alerts.internal.DeliveryEngine;
import org.entryguard.alerts.internal.NettyHttpClient;
import org.entryguard.core.EntryGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts as signed Standard Webhooks POSTs over HTTP(S), through a durable {@link Outbox}.
 *
 * <pre>{@code
 * try (WebhookSink sink = WebhookSink.builder()
 *         .endpoint(URI.create("https://alerts.example.gov.cn/entryguard"))
 *         .secret(WebhookSecret.parse(System.getenv("ALERT_SECRET")))
 *         .outboxDir(Path.of("/var/lib/entryguard/outbox"))
 *         .build()) {
 *     sink.send(alert);   // returns once the alert is fsynced; delivery continues in the background
 * }
 * }</pre>
 *
 * Each attempt runs the integrator's {@link Interceptor}s, then a {@link SigningInterceptor}, then a Netty
 * client with keep-alive and connect/read timeouts. 2xx acknowledges; 410 Gone disables delivery (alerts stay
 * queued; {@link #resumeDelivery()} or a restart resumes); anything else retries per {@link RetryConfig}
 * (default: up to 3 days), honouring {@code Retry-After}, then writes the alert to the dead-letter file.
 * Immutable once built and thread-safe.
 */
public final class WebhookSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    private final URI endpoint;
    private final Outbox outbox;
    private final NettyHttpClient client;
    private final DeliveryEngine engine;
    private final int maxFaceCropBytes;
    private final AtomicBoolean warnedCrop = new AtomicBoolean();

    private WebhookSink(Builder b) {
        this.endpoint = b.endpoint;
        this.maxFaceCropBytes = b.maxFaceCropBytes;
        this.client = new NettyHttpClient(b.endpoint, b.connectTimeout, b.readTimeout, b.trust);
        Outbox opened = null;
        try {
            opened = Outbox.builder(b.outboxDir).maxDiskBytes(b.maxDiskBytes).segmentBytes(b.segmentBytes).open();
            List<Interceptor> chain = new ArrayList<>(b.interceptors);
            chain.add(new SigningInterceptor(WebhookSigner.of(b.secrets.toArray(new WebhookSecret[0])), b.clock));
            String userAgent = b.userAgent;
            this.engine = new DeliveryEngine(opened, (alert, json) -> DeliveryRequest.builder()
                    .uri(endpoint)
                    .header("content-type", "application/json")
                    .header("user-agent", userAgent)
                    .header(WebhookSigner.HEADER_ID, alert.id())
                    .body(json).build(),
                    chain, client::execute, b.retry,
                    new DeadLetterFile(b.deadLetterFile != null ? b.deadLetterFile : b.outboxDir.resolve("dead-letter.jsonl")),
                    b.listener, b.clock, b.maxInFlight, "entryguard-webhook");
        } catch (RuntimeException e) {
            if (opened != null) opened.close();
            client.close();
            throw e;
        }
        this.outbox = opened;
        engine.start();
    }

    /** A new builder. Required: endpoint, at least one secret, outbox folder. */
    public static Builder builder() { return new Builder(); }

    @Override
    public void send(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        Alert toSend = applyCropPolicy(alert);
        byte[] json = toSend.toJson();
        long seq = outbox.append(json);
        engine.submit(seq, System.currentTimeMillis(), toSend.id());
    }

    /** Privacy by default: a face crop leaves the venue only if the integrator enabled crops (PIPL art. 28/29). */
    private Alert applyCropPolicy(Alert alert) {
        if (alert.faceCrop().isEmpty()) return alert;
        int size = alert.faceCrop().get().size();
        if (size <= maxFaceCropBytes) return alert;
        if (warnedCrop.compareAndSet(false, true)) {
            LOG.warn(maxFaceCropBytes == 0
                    ? "alert {} carries a face crop but face crops are off: sending it without the crop. Enable with"
                            + " WebhookSink.builder().allowFaceCrops(maxBytes) only after obtaining separate consent (see README)"
                    : "alert {} carries a face crop over the {}-byte cap: sending it without the crop; crop tighter or raise the cap",
                    alert.id(), maxFaceCropBytes);
        }
        return alert.toBuilder().faceCrop(null).build();
    }

    @Override
    public DeliveryMetrics metrics() { return engine.metrics(); }

    /** Alerts still in the outbox (queued, in flight, or parked after a 410). */
    public int pendingCount() { return outbox.pendingCount(); }

    /** What opening the outbox found on disk. */
    public RecoveryReport recoveryReport() { return outbox.recoveryReport(); }

    /** Whether the receiver answered 410 Gone and delivery is paused. */
    public boolean deliveryDisabled() { return engine.disabled(); }

    /** Resumes delivery after a 410, e.g. once the regulator has restored the endpoint. */
    public void resumeDelivery() { engine.resume(); }

    @Override
    public void close() {
        engine.close();
        client.close();
        outbox.close();
    }

    @Override
    public String toString() { return "WebhookSink[" + endpoint + "]"; }

    /** Collects the sink's settings; every setting but endpoint, secret and outbox folder has a default. */
    public static final class Builder {
        private URI endpoint;
        private final List<WebhookSecret> secrets = new ArrayList<>();
        private Path outboxDir;
        private long maxDiskBytes = 256L << 20;
        private long segmentBytes = 8L << 20;
        private Path deadLetterFile;
        private RetryConfig retry = RetryConfig.ofDefaults();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(15);
        private int maxInFlight = 4;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private DeliveryListener listener;
        private Clock clock = Clock.systemUTC();
        private TrustManagerFactory trust;
        private int maxFaceCropBytes;
        private String userAgent = "EntryGuard-Alerts/1";

        private Builder() { }

        /** The receiver's URL, http:// or https://. */
        public Builder endpoint(URI endpoint) { this.endpoint = endpoint; return this; }
        /** A signing secret; add two while rotating (every message carries both signatures). */
        public Builder secret(WebhookSecret secret) { secrets.add(Objects.requireNonNull(secret, "secret")); return this; }
        /** Folder for the outbox journal; one sink per folder. */
        public Builder outboxDir(Path dir) { this.outboxDir = dir; return this; }
        /** Outbox disk budget (default 256 MiB); past it, {@link #send} throws {@link OutboxFullException}. */
        public Builder maxDiskBytes(long bytes) { this.maxDiskBytes = bytes; return this; }
        /** Outbox segment size (default 8 MiB). */
        public Builder segmentBytes(long bytes) { this.segmentBytes = bytes; return this; }
        /** Dead-letter file; default {@code <outboxDir>/dead-letter.jsonl}. */
        public Builder deadLetterFile(Path file) { this.deadLetterFile = file; return this; }
        /** Retry policy; default {@link RetryConfig#ofDefaults()}. */
        public Builder retry(RetryConfig retry) { this.retry = Objects.requireNonNull(retry, "retry"); return this; }
        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        /** Time allowed for the complete response; default 15 s. */
        public Builder readTimeout(Duration d) { this.readTimeout = d; return this; }
        /** Attempts under way at once; default 4. */
        public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }
        /** Adds an interceptor; they run in the order added, before signing. */
        public Builder addInterceptor(Interceptor i) { interceptors.add(Objects.requireNonNull(i, "interceptor")); return this; }
        /** Receives delivery events. */
        public Builder listener(DeliveryListener l) { this.listener = l; return this; }
        /** Clock for signing times and the retry horizon (tests). */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        /** Trust for https endpoints (e.g. a regulator's private CA); default: the JVM's trust store. */
        public Builder trustManagerFactory(TrustManagerFactory tmf) { this.trust = tmf; return this; }
        /**
         * Lets face crops up to {@code maxBytes} leave the venue. Off by default; read the README's legal section
         * (PIPL art. 28/29: separate consent; guardian consent under 14) before enabling.
         */
        public Builder allowFaceCrops(int maxBytes) {
            if (maxBytes <= 0 || maxBytes > FaceCrop.MAX_BYTES) {
                throw new EntryGuardException("face crop cap " + maxBytes + " must be in 1.." + FaceCrop.MAX_BYTES + " bytes, e.g. 32768");
            }
            this.maxFaceCropBytes = maxBytes;
            return this;
        }
        /** User-Agent header. */
        public Builder userAgent(String ua) { this.userAgent = Objects.requireNonNull(ua, "userAgent"); return this; }

        /**
         * Opens the outbox, schedules what it holds from before, and starts delivering.
         *
         * @throws EntryGuardException naming a missing or invalid setting
         */
        public WebhookSink build() {
            if (endpoint == null) throw new EntryGuardException("webhook sink needs an endpoint: call endpoint(URI.create(\"https://...\"))");
            if (secrets.isEmpty()) throw new EntryGuardException("webhook sink needs a signing secret: call secret(WebhookSecret.parse(\"whsec_...\"))");
            if (outboxDir == null) throw new EntryGuardException("webhook sink needs an outbox folder on a local disk: call outboxDir(Path.of(...))");
            if (maxInFlight < 1 || maxInFlight > 64) throw new EntryGuardException("maxInFlight " + maxInFlight + " must be in 1..64");
            positive("connectTimeout", connectTimeout);
            positive("readTimeout", readTimeout);
            return new WebhookSink(this);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new EntryGuardException(name + " must be a positive duration, e.g. Duration.ofSeconds(5)");
        }
    }
}
