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

import org.entryguard.alerts.internal.DeliverySettings;
import org.entryguard.alerts.internal.DeliveryEngine;
import org.entryguard.alerts.internal.NettyHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts as signed Standard Webhooks POSTs over HTTP(S), through a durable {@link Outbox}.
 *
 * <pre>{@code
 * try (WebhookSink sink = WebhookSink.custom()
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
        DeliverySettings d = b.settings;
        this.client = d.client(b.endpoint);
        Outbox opened = null;
        try {
            opened = d.openOutbox();
            List<Interceptor> chain = new ArrayList<>(d.interceptors);
            chain.add(new SigningInterceptor(WebhookSigner.of(b.secrets.toArray(new WebhookSecret[0])), d.clock));
            String userAgent = d.userAgent;
            this.engine = new DeliveryEngine(opened, (alert, json) -> DeliveryRequest.custom()
                    .uri(endpoint)
                    .header("content-type", "application/json")
                    .header("user-agent", userAgent)
                    .header(WebhookSigner.HEADER_ID, alert.id())
                    .body(json).build(),
                    chain, client::execute, d.retry, d.deadLetters(), d.listener, d.clock, d.maxInFlight, "entryguard-webhook");
        } catch (RuntimeException e) {
            if (opened != null) opened.close();
            client.close();
            throw e;
        }
        this.outbox = opened;
        engine.setEmergencyCapacity(d.emergencyCapacity);
        engine.start();
    }

    /** A new builder. Required: endpoint, at least one secret, outbox folder. */
    public static Builder custom() { return new Builder(); }

    @Override
    public void send(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        Alert toSend = applyCropPolicy(alert);
        byte[] json = toSend.toJson();
        // on disk when the outbox can write; else held in a bounded in-memory queue and retried into it (DeliveryEngine)
        engine.enqueue(json, toSend.id(), toSend.type() == AlertType.MINOR_ENTRY);
    }

    /** Privacy by default: a face crop leaves the venue only if the integrator enabled crops (PIPL art. 28/29). */
    private Alert applyCropPolicy(Alert alert) {
        if (alert.faceCrop().isEmpty()) return alert;
        int size = alert.faceCrop().get().size();
        if (size <= maxFaceCropBytes) return alert;
        if (warnedCrop.compareAndSet(false, true)) {
            LOG.warn(maxFaceCropBytes == 0
                    ? "alert {} carries a face crop but face crops are off: sending it without the crop. Enable with"
                            + " WebhookSink.custom().allowFaceCrops(maxBytes) only after obtaining separate consent (see README)"
                    : "alert {} carries a face crop over the {}-byte cap: sending it without the crop; crop tighter or raise the cap",
                    alert.id(), maxFaceCropBytes);
        }
        return Alert.from(alert).faceCrop(null).build();
    }

    @Override
    public DeliveryMetrics metrics() { return engine.metrics(); }

    /** Alerts still in the outbox (queued, in flight, or parked after a 410). */
    public int pendingCount() { return outbox.pendingCount(); }

    /** What opening the outbox found on disk. */
    public RecoveryReport recoveryReport() { return outbox.recoveryReport(); }

    /** The receiver's URL. */
    public URI endpoint() { return endpoint; }

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
        private final DeliverySettings settings = new DeliverySettings();
        private int maxFaceCropBytes;

        private Builder() { }

        /** The receiver's URL, http:// or https://. */
        public Builder endpoint(URI endpoint) { this.endpoint = endpoint; return this; }
        /** A signing secret; add two while rotating (every message carries both signatures). */
        public Builder secret(WebhookSecret secret) { secrets.add(Objects.requireNonNull(secret, "secret")); return this; }
        /** Folder for the outbox journal; one sink per folder. */
        public Builder outboxDir(Path dir) { settings.outboxDir = dir; return this; }
        /** Outbox disk budget (default 256 MiB); past it, {@link #send} throws {@link OutboxFullException}. */
        public Builder maxDiskBytes(long bytes) { settings.maxDiskBytes = bytes; return this; }
        /**
         * Alerts held in memory while the outbox cannot write (disk full; default 10 000): retried into the outbox
         * every second; past it the oldest non-MINOR_ENTRY alert is dropped and counted in {@link DeliveryMetrics#lost()}.
         */
        public Builder emergencyQueueCapacity(int alerts) { settings.emergencyCapacity = alerts; return this; }
        /** Outbox segment size (default 8 MiB). */
        public Builder segmentBytes(long bytes) { settings.segmentBytes = bytes; return this; }
        /** Dead-letter file; default {@code <outboxDir>/dead-letter.jsonl}. */
        public Builder deadLetterFile(Path file) { settings.deadLetterFile = file; return this; }
        /** Retry policy; default {@link RetryConfig#ofDefaults()}. */
        public Builder retry(RetryConfig retry) { settings.retry = Objects.requireNonNull(retry, "retry"); return this; }
        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration d) { settings.connectTimeout = d; return this; }
        /** Time allowed for the complete response; default 15 s. */
        public Builder readTimeout(Duration d) { settings.readTimeout = d; return this; }
        /** Attempts under way at once; default 4. */
        public Builder maxInFlight(int n) { settings.maxInFlight = n; return this; }
        /** Adds an interceptor; they run in the order added, before signing. */
        public Builder addInterceptor(Interceptor i) { settings.interceptors.add(Objects.requireNonNull(i, "interceptor")); return this; }
        /** Receives delivery events. */
        public Builder listener(DeliveryListener l) { settings.listener = l; return this; }
        /** Clock for signing times and the retry horizon (tests). */
        public Builder clock(Clock clock) { settings.clock = Objects.requireNonNull(clock, "clock"); return this; }
        /** Trust for https endpoints (e.g. a regulator's private CA); default: the JVM's trust store. */
        public Builder trustManagerFactory(TrustManagerFactory tmf) { settings.trust = tmf; return this; }
        /**
         * Lets face crops up to {@code maxBytes} leave the venue. Off by default; read the README's legal section
         * (PIPL art. 28/29: separate consent; guardian consent under 14) before enabling.
         */
        public Builder allowFaceCrops(int maxBytes) {
            if (maxBytes <= 0 || maxBytes > FaceCrop.MAX_BYTES) {
                throw new IllegalArgumentException("face crop cap " + maxBytes + " must be in 1.." + FaceCrop.MAX_BYTES + " bytes, e.g. 32768");
            }
            this.maxFaceCropBytes = maxBytes;
            return this;
        }
        /** User-Agent header. */
        public Builder userAgent(String ua) { settings.userAgent = Objects.requireNonNull(ua, "userAgent"); return this; }

        /**
         * Opens the outbox, schedules what it holds from before, and starts delivering.
         *
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public WebhookSink build() {
            if (endpoint == null) throw new IllegalArgumentException("webhook sink needs an endpoint: call endpoint(URI.create(\"https://...\"))");
            if (secrets.isEmpty()) throw new IllegalArgumentException("webhook sink needs a signing secret: call secret(WebhookSecret.parse(\"whsec_...\"))");
            settings.check("webhook sink");
            return new WebhookSink(this);
        }
    }
}
