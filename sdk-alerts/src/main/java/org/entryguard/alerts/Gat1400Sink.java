package org.entryguard.alerts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.TrustManagerFactory;

import org.entryguard.alerts.internal.DeliverySettings;
import org.entryguard.alerts.internal.DeliveryEngine;
import org.entryguard.alerts.internal.NettyHttpClient;
import org.entryguard.alerts.internal.ViidCodec;
import org.entryguard.alerts.internal.ViidSession;
import org.entryguard.core.EntryGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes alerts to a public-security video/image information library (视图库) over GA/T 1400, the way Chinese
 * face-capture cameras do: {@code POST /VIID/System/Register} with HTTP Digest authentication, a
 * {@code POST /VIID/System/Keepalive} every 60 s (registering again when one fails), and one
 * {@code POST /VIID/Faces} with a {@code FaceListObject} per alert.
 *
 * <pre>{@code
 * try (Gat1400Sink sink = Gat1400Sink.custom()
 *         .endpoint(URI.create("http://10.1.2.3:8080"))           // the view library; /VIID/... is appended
 *         .deviceId("31010400001190000001")                         // 20 digits, assigned by the bureau
 *         .password(System.getenv("VIID_PASSWORD"))                 // username defaults to the DeviceID
 *         .outboxDir(Path.of("/var/lib/entryguard/viid-outbox"))
 *         .build()) {
 *     sink.send(alert);   // returns once the alert is fsynced; registration and delivery run in the background
 * }
 * }</pre>
 *
 * Uses the same durable {@link Outbox}, retry/backoff ({@link RetryConfig}), dead-letter file, interceptors and
 * events as {@link WebhookSink}. What differs is the wire format and what counts as delivered: HTTP 2xx with
 * {@code StatusCode} 0; StatusCode 4..8 (the view library says the content is invalid) is dead-lettered at
 * once; other codes retry. {@link AlertType#CAMERA_DOWN} has no face and is refused by {@link #send}. Face
 * crops are not sent over GA/T 1400 by this sink (they are removed before the alert is queued).
 * Thread-safe.
 */
public final class Gat1400Sink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(Gat1400Sink.class);
    private static final Set<AlertType> FACE_TYPES = Set.of(AlertType.MINOR_ENTRY, AlertType.MINOR_AT_HOTEL, AlertType.CHECK_ID_UNRESOLVED);

    private final URI endpoint;
    private final String deviceId;
    private final Outbox outbox;
    private final NettyHttpClient client;
    private final ViidSession session;
    private final DeliveryEngine engine;
    private final ScheduledExecutorService keepalives;
    private final AtomicBoolean warnedCrop = new AtomicBoolean();

    private Gat1400Sink(Builder b) {
        this.endpoint = b.endpoint;
        this.deviceId = b.deviceId;
        DeliverySettings d = b.settings;
        this.client = d.client(b.endpoint);
        Outbox opened = null;
        try {
            opened = d.openOutbox();
            Duration minBackoff = d.retry.initialInterval();
            this.session = new ViidSession(b.endpoint, b.deviceId, b.username != null ? b.username : b.deviceId, b.password,
                    client::execute, d.listener, d.clock, minBackoff, b.keepaliveInterval, d.userAgent);
            boolean flags = b.undeterminedFlags;
            String dev = b.deviceId;
            this.engine = new DeliveryEngine(opened,
                    (alert, json) -> session.request(ViidSession.FACES, ViidCodec.faces(alert, dev, flags)),
                    d.interceptors, session, ViidSession.CLASSIFIER, d.retry, d.deadLetters(), d.listener, d.clock,
                    d.maxInFlight, "entryguard-gat1400");
        } catch (RuntimeException e) {
            if (opened != null) opened.close();
            client.close();
            throw e;
        }
        this.outbox = opened;
        ScheduledThreadPoolExecutor k = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "entryguard-gat1400-keepalive");
            t.setDaemon(true);
            return t;
        });
        this.keepalives = k;
        engine.setEmergencyCapacity(d.emergencyCapacity);
        engine.start();
        // Registers at once (the first tick), then keeps the registration alive.
        long every = b.keepaliveInterval.toMillis();
        k.scheduleWithFixedDelay(session::keepalive, 0, every, TimeUnit.MILLISECONDS);
    }

    /** A new builder. Required: endpoint, deviceId, password, outbox folder. */
    public static Builder custom() { return new Builder(); }

    /**
     * Queues an alert durably and returns; delivery happens in the background.
     *
     * @throws EntryGuardException  for {@link AlertType#CAMERA_DOWN}, which has no face to report
     * @throws OutboxFullException  when the outbox's disk budget is used up (the alert was not queued)
     */
    @Override
    public void send(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (!FACE_TYPES.contains(alert.type())) {
            throw new EntryGuardException("alert " + alert.id() + " is " + alert.type() + ": GA/T 1400 carries face records only"
                    + " (" + FACE_TYPES + "); report camera outages through a WebhookSink (the view library sees this"
                    + " device's own health through its keepalives)");
        }
        Alert toSend = alert;
        if (alert.faceCrop().isPresent()) {
            if (warnedCrop.compareAndSet(false, true)) {
                LOG.warn("alert {} carries a face crop: the GA/T 1400 sink does not send face images; queuing it without the crop", alert.id());
            }
            toSend = Alert.from(alert).faceCrop(null).build();
        }
        engine.enqueue(toSend.toJson(), toSend.id(), toSend.type() == AlertType.MINOR_ENTRY);
    }

    @Override
    public DeliveryMetrics metrics() { return engine.metrics(); }

    /** Whether the view library currently holds this device's registration (as far as the sink knows). */
    public boolean registered() { return session.registered(); }

    /** The 20-digit DeviceID this sink registers as. */
    public String deviceId() { return deviceId; }

    /** Alerts still in the outbox. */
    public int pendingCount() { return outbox.pendingCount(); }

    /** What opening the outbox found on disk. */
    public RecoveryReport recoveryReport() { return outbox.recoveryReport(); }

    /** Whether the view library answered 410 Gone and delivery is paused. */
    public boolean deliveryDisabled() { return engine.disabled(); }

    /** Resumes delivery after a 410. */
    public void resumeDelivery() { engine.resume(); }

    @Override
    public void close() {
        keepalives.shutdownNow();
        engine.close();
        try {
            keepalives.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        outbox.close();
    }

    @Override
    public String toString() { return "Gat1400Sink[" + endpoint + " DeviceID " + deviceId + "]"; }

    /** Collects the sink's settings; every setting but endpoint, deviceId, password and outbox folder has a default. */
    public static final class Builder {
        private URI endpoint;
        private String deviceId;
        private String username;
        private String password;
        private final DeliverySettings settings = new DeliverySettings();
        private Duration keepaliveInterval = Duration.ofSeconds(60);
        private boolean undeterminedFlags;

        private Builder() { }

        /** The view library's base URL, {@code http://host:port} (a path prefix is kept); {@code /VIID/...} is appended. */
        public Builder endpoint(URI endpoint) { this.endpoint = endpoint; return this; }
        /** This device's 20-digit GB/T 28181 / GA/T 1400 code, as assigned by the public-security bureau. */
        public Builder deviceId(String id) { this.deviceId = id; return this; }
        /** The Digest username; default: the DeviceID (what most view libraries expect). */
        public Builder username(String u) { this.username = u; return this; }
        /** The Digest password the view library provisioned for this device. */
        public Builder password(String p) { this.password = p; return this; }
        /** Folder for the outbox journal; one sink per folder. */
        public Builder outboxDir(Path dir) { settings.outboxDir = dir; return this; }
        /** Alerts held in memory while the outbox cannot write (default 10 000); see {@link WebhookSink.Builder#emergencyQueueCapacity}. */
        public Builder emergencyQueueCapacity(int alerts) { settings.emergencyCapacity = alerts; return this; }
        /** Outbox disk budget (default 256 MiB); past it, {@link #send} throws {@link OutboxFullException}. */
        public Builder maxDiskBytes(long bytes) { settings.maxDiskBytes = bytes; return this; }
        /** Outbox segment size (default 8 MiB). */
        public Builder segmentBytes(long bytes) { settings.segmentBytes = bytes; return this; }
        /** Dead-letter file; default {@code <outboxDir>/dead-letter.jsonl}. */
        public Builder deadLetterFile(Path file) { settings.deadLetterFile = file; return this; }
        /** Retry policy for Faces; default {@link RetryConfig#ofDefaults()} (up to 3 days). */
        public Builder retry(RetryConfig retry) { settings.retry = Objects.requireNonNull(retry, "retry"); return this; }
        /** Time between keepalives; default 60 s. Also the longest wait between registration attempts. */
        public Builder keepaliveInterval(Duration d) { this.keepaliveInterval = d; return this; }
        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration d) { settings.connectTimeout = d; return this; }
        /** Time allowed for a complete response; default 15 s. */
        public Builder readTimeout(Duration d) { settings.readTimeout = d; return this; }
        /** Faces requests under way at once; default 4. */
        public Builder maxInFlight(int n) { settings.maxInFlight = n; return this; }
        /** Adds an interceptor; they run in the order added, before the session adds its GA/T 1400 headers. */
        public Builder addInterceptor(Interceptor i) { settings.interceptors.add(Objects.requireNonNull(i, "interceptor")); return this; }
        /** Receives delivery events and the session events REGISTERED, REGISTRATION_FAILED, KEEPALIVE_FAILED. */
        public Builder listener(DeliveryListener l) { settings.listener = l; return this; }
        /** Clock for the retry horizon and registration backoff (tests). */
        public Builder clock(Clock clock) { settings.clock = Objects.requireNonNull(clock, "clock"); return this; }
        /** Trust for an https view library; default: the JVM's trust store. */
        public Builder trustManagerFactory(TrustManagerFactory tmf) { settings.trust = tmf; return this; }
        /** User-Agent header. */
        public Builder userAgent(String ua) { settings.userAgent = Objects.requireNonNull(ua, "userAgent"); return this; }
        /**
         * Also sends IsDriver, IsForeigner, IsSuspectedTerrorist, IsCriminalInvolved, IsDetainees, IsVictim and
         * IsSuspiciousPerson as 2 ("undetermined"), for view libraries that reject FaceObjects without them.
         * Off by default: an age check knows nothing about them, and the sink says nothing it does not know.
         */
        public Builder sendUndeterminedFlags(boolean on) { this.undeterminedFlags = on; return this; }

        /**
         * Opens the outbox, schedules what it holds from before, registers and starts delivering.
         *
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public Gat1400Sink build() {
            if (endpoint == null) throw new IllegalArgumentException("GA/T 1400 sink needs the view library's address: call endpoint(URI.create(\"http://host:port\"))");
            ViidCodec.checkDeviceId("GA/T 1400 DeviceID", deviceId);
            if (password == null) throw new IllegalArgumentException("GA/T 1400 sink needs the Digest password the view library provisioned for DeviceID " + deviceId + ": call password(...)");
            if (username != null && (username.isEmpty() || username.indexOf('"') >= 0)) {
                throw new IllegalArgumentException("GA/T 1400 username must be non-empty and free of '\"'; by default it is the DeviceID");
            }
            settings.check("GA/T 1400 sink");
            DeliverySettings.positive("keepaliveInterval", keepaliveInterval);
            return new Gat1400Sink(this);
        }
    }
}
