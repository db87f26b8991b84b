package org.entryguard.alerts.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.entryguard.alerts.DeliveryEvent;
import org.entryguard.alerts.DeliveryListener;
import org.entryguard.alerts.DeliveryRequest;
import org.entryguard.alerts.DeliveryResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's session with a GA/T 1400 view library: registration with HTTP Digest, keepalives, and the
 * headers every request carries ({@code User-Identify}, and {@code Authorization} computed from the nonce of the
 * registration with an increasing nonce count). Also the {@link Transport} the delivery engine sends Faces
 * through: it registers first when needed, and on a 401 (the view library forgot the device, e.g. after a
 * restart, or its nonce expired) registers again and repeats the request once.
 *
 * <p>Failed registrations back off (from {@code minBackoff}, doubling, up to {@code maxBackoff}) so a wrong
 * password or an unreachable server does not make every queued alert hammer the server with registrations.
 */
public final class ViidSession implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(ViidSession.class);
    public static final String REGISTER = "/VIID/System/Register";
    public static final String KEEPALIVE = "/VIID/System/Keepalive";
    public static final String FACES = "/VIID/Faces";

    private final URI base;
    private final String deviceId;
    private final String username;
    private final String password;
    private final Transport network;
    private final DeliveryListener listener;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final String userAgent;
    private final AtomicLong nc = new AtomicLong();

    // Guarded by this.
    private boolean registered;
    private long generation;
    private DigestAuth.Challenge challenge;
    private long nextAttemptAt;
    private Duration backoff;
    private String lastError;

    public ViidSession(URI base, String deviceId, String username, String password, Transport network,
            DeliveryListener listener, Clock clock, Duration minBackoff, Duration maxBackoff, String userAgent) {
        this.base = base;
        this.deviceId = deviceId;
        this.username = username;
        this.password = password;
        this.network = network;
        this.listener = listener;
        this.clock = clock;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff.compareTo(minBackoff) < 0 ? minBackoff : maxBackoff;
        this.backoff = minBackoff;
        this.userAgent = userAgent;
    }

    /** The URI of a VIID resource under the configured base. */
    public URI uri(String resource) {
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return base.resolve(p + resource);
    }

    /** A POST of a VIID JSON body to a resource, without session headers (they are added when sent). */
    public DeliveryRequest request(String resource, byte[] body) {
        return DeliveryRequest.custom().uri(uri(resource)).header("content-type", ViidCodec.CONTENT_TYPE)
                .header("accept", "application/VIID+JSON, application/json").header("user-agent", userAgent)
                .header("user-identify", deviceId).body(body).build();
    }

    /** Whether the view library has accepted the registration (and not forgotten it, as far as we know). */
    public synchronized boolean registered() { return registered; }

    /** Registers unless registered; returns the session generation the caller may later report as stale. */
    public synchronized long ensureRegistered() throws IOException {
        if (!registered) register();
        return generation;
    }

    /** The view library forgot the registration of {@code staleGeneration}: register again unless another thread has. */
    public synchronized void reRegister(long staleGeneration) throws IOException {
        if (registered && generation != staleGeneration) return;
        registered = false;
        register();
    }

    /** Forgets the registration (keepalive failed); the next send or keepalive registers again. */
    public synchronized void invalidate() { registered = false; }

    private void register() throws IOException {
        long now = clock.millis();
        if (now < nextAttemptAt) {
            throw new IOException("not registered with the GA/T 1400 view library " + base + ": " + lastError
                    + "; next registration attempt in " + (nextAttemptAt - now) + " ms");
        }
        try {
            DeliveryRequest req = request(REGISTER, ViidCodec.register(deviceId));
            DeliveryResponse res = network.execute(req);
            DigestAuth.Challenge c = null;
            if (res.status() == 401) {
                try {
                    c = DigestAuth.Challenge.parse(res.header("www-authenticate"));
                } catch (IllegalArgumentException e) {
                    throw new RegistrationException("the view library answered 401 to Register but its challenge is unusable: " + e.getMessage());
                }
                nc.set(1);
                res = network.execute(DeliveryRequest.from(req)
                        .header("authorization", DigestAuth.authorization(c, username, password, "POST", req.uri().getRawPath(), 1))
                        .build());
                if (res.status() == 401) {
                    throw new RegistrationException("the view library refused the credentials of username '" + username
                            + "' for DeviceID " + deviceId + " (HTTP 401 after the Digest answer, realm \"" + c.realm()
                            + "\"): check the password, and that the view library has provisioned this DeviceID");
                }
            }
            if (res.status() < 200 || res.status() > 299) {
                throw new RegistrationException("Register answered HTTP " + res.status() + bodyHint(res));
            }
            List<ViidCodec.Status> st;
            try {
                st = ViidCodec.statuses(res.body());
            } catch (IOException e) {
                throw new RegistrationException("Register answered HTTP " + res.status() + " but " + e.getMessage());
            }
            ViidCodec.Status s = st.get(0);
            if (s.code() != 0) throw new RegistrationException("Register was refused: " + s.describe());
            challenge = c;
            registered = true;
            generation++;
            // the backoff is reset only once a request in the session is accepted (sessionWorks): a server that
            // registers us and then answers 401 to everything must not get a Register storm
            nextAttemptAt = 0;
            lastError = null;
            LOG.info("registered DeviceID {} with GA/T 1400 view library {}{}", deviceId, base, c == null ? " (no authentication asked)" : "");
            emit(DeliveryEvent.Type.REGISTERED, 0, "registered DeviceID " + deviceId + " with " + base
                    + (c == null ? " (the view library asked no authentication)" : " (HTTP Digest, realm \"" + c.realm() + "\")"));
        } catch (IOException e) {
            String why = e instanceof RegistrationException ? e.getMessage() : "cannot reach the view library " + base + ": " + e.getMessage();
            lastError = why;
            nextAttemptAt = clock.millis() + backoff.toMillis();
            long wait = backoff.toMillis();
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            LOG.error("GA/T 1400 registration of DeviceID {} failed: {}; alerts stay queued, next attempt in {} ms", deviceId, why, wait);
            emit(DeliveryEvent.Type.REGISTRATION_FAILED, 0, why + "; alerts stay queued; next attempt in " + wait + " ms");
            throw e instanceof RegistrationException ? e : new IOException(why, e);
        }
    }

    /** Adds the Authorization header for this request when the view library asked for Digest. */
    private DeliveryRequest authorize(DeliveryRequest r) {
        DigestAuth.Challenge c;
        synchronized (this) {
            c = challenge;
        }
        if (c == null) return r;
        return DeliveryRequest.from(r).header("authorization",
                DigestAuth.authorization(c, username, password, "POST", r.uri().getRawPath(), nc.incrementAndGet())).build();
    }

    /** Sends a Faces (or other) request in the session; see the class comment. */
    @Override
    public DeliveryResponse execute(DeliveryRequest request) throws IOException {
        long gen = ensureRegistered();
        DeliveryResponse res = network.execute(authorize(request));
        if (res.status() == 401) {
            LOG.info("view library answered 401 to {}: registering DeviceID {} again", request.uri().getRawPath(), deviceId);
            reRegister(gen);
            res = network.execute(authorize(request));
            if (res.status() == 401) {
                String why = "the view library answered 401 to " + request.uri().getRawPath()
                        + " right after a successful registration (it accepts the device but not its requests)";
                long wait;
                synchronized (this) {
                    // counts as a failed registration: the next one waits, and the wait doubles (bounded storm)
                    registered = false;
                    lastError = why;
                    wait = backoff.toMillis();
                    nextAttemptAt = clock.millis() + wait;
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
                LOG.error("GA/T 1400 DeviceID {}: {}; next registration attempt in {} ms", deviceId, why, wait);
                emit(DeliveryEvent.Type.REGISTRATION_FAILED, 401, why + "; alerts stay queued; next attempt in " + wait + " ms");
                throw new IOException(why);
            }
        }
        sessionWorks();
        return res;
    }

    /** A request in the session was accepted (not 401): registrations may start from the short backoff again. */
    private synchronized void sessionWorks() {
        backoff = minBackoff;
    }

    /**
     * Sends one keepalive, registering first when needed; on failure forgets the registration and registers
     * again at once. Never throws: failures become events and log lines.
     */
    public void keepalive() {
        try {
            long gen = ensureRegistered();
            String problem;
            try {
                DeliveryResponse res = network.execute(authorize(request(KEEPALIVE, ViidCodec.keepalive(deviceId))));
                if (res.status() == 401) problem = "HTTP 401: the view library no longer knows this device";
                else if (res.status() < 200 || res.status() > 299) problem = "HTTP " + res.status() + bodyHint(res);
                else {
                    ViidCodec.Status s = ViidCodec.statuses(res.body()).get(0);
                    problem = s.code() == 0 ? null : s.describe();
                }
            } catch (IOException e) {
                problem = e.getMessage();
            }
            if (problem == null) return;
            LOG.warn("GA/T 1400 keepalive of DeviceID {} failed ({}); registering again", deviceId, problem);
            emit(DeliveryEvent.Type.KEEPALIVE_FAILED, 0, "keepalive failed: " + problem + "; registering again");
            reRegister(gen);
        } catch (IOException e) {
            // Registration failure: already logged and reported as REGISTRATION_FAILED.
        } catch (RuntimeException e) {
            LOG.error("GA/T 1400 keepalive task failed unexpectedly", e);
        }
    }

    private static String bodyHint(DeliveryResponse res) {
        try {
            return ": " + ViidCodec.statuses(res.body()).get(0).describe();
        } catch (IOException e) {
            return "";
        }
    }

    private void emit(DeliveryEvent.Type type, int status, String detail) {
        if (listener == null) return;
        try {
            listener.onEvent(new DeliveryEvent(type, null, -1, 0, status, Duration.ZERO, detail, Instant.now(clock)));
        } catch (RuntimeException e) {
            LOG.warn("delivery listener threw on {}; ignored", type, e);
        }
    }

    /** A registration the view library answered but refused. */
    static final class RegistrationException extends IOException {
        private static final long serialVersionUID = 1L;

        RegistrationException(String message) { super(message); }
    }

    /**
     * GA/T 1400 answers: HTTP 2xx whose every ResponseStatus has StatusCode 0 is delivered; StatusCode 4..8
     * (invalid operation, XML/JSON format or content) retries with backoff and is dead-lettered after
     * {@link ResponseClassifier#REFUSED_ATTEMPTS} such answers (a whole backlog is not thrown away on one bad answer); 1, 2, 3, 9 and
     * unknown codes retry; HTTP 410 disables; any other HTTP status, or a 2xx without a readable ResponseStatus,
     * retries.
     */
    public static final ResponseClassifier CLASSIFIER = res -> {
        if (res.status() == 410) return new ResponseClassifier.Verdict(ResponseClassifier.Kind.DISABLE, "HTTP 410 Gone: endpoint disabled");
        if (!res.successful()) return new ResponseClassifier.Verdict(ResponseClassifier.Kind.RETRY, "HTTP " + res.status() + bodyHint(res));
        List<ViidCodec.Status> st;
        try {
            st = ViidCodec.statuses(res.body());
        } catch (IOException e) {
            return new ResponseClassifier.Verdict(ResponseClassifier.Kind.RETRY, "HTTP " + res.status() + " but " + e.getMessage());
        }
        ViidCodec.Status worst = null;
        for (ViidCodec.Status s : st) {
            if (s.code() == 0) continue;
            if (s.code() >= 4 && s.code() <= 8) {
                return new ResponseClassifier.Verdict(ResponseClassifier.Kind.REFUSED, "view library refused the FaceObject: " + s.describe());
            }
            worst = s;
        }
        if (worst != null) return new ResponseClassifier.Verdict(ResponseClassifier.Kind.RETRY, "view library answered " + worst.describe());
        return new ResponseClassifier.Verdict(ResponseClassifier.Kind.DELIVERED, "HTTP " + res.status() + ", StatusCode 0 (OK)");
    };
}
