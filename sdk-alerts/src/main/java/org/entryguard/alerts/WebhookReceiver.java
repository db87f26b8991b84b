package org.entryguard.alerts;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;

import org.entryguard.alerts.internal.ConnectionLimitHandler;
import org.entryguard.alerts.internal.IdTracker;
import org.entryguard.alerts.internal.ReceiverHandler;
import org.entryguard.alerts.internal.ReceiverServers;

/**
 * The regulator's side: accepts signed alert POSTs, verifies them and hands each alert id once to an
 * {@link AlertHandler}. Checks, in order, with the answer each failure gets:
 * <ol>
 *   <li>method POST (405), path when one is set (404), well-formed HTTP (400), body within the cap (413);</li>
 *   <li>{@code webhook-*} headers present and timestamp numeric (400);</li>
 *   <li>timestamp within the window, default 5 minutes (401), signature matches a secret in constant time (401);</li>
 *   <li>body is a valid alert whose id equals {@code webhook-id} (400);</li>
 *   <li>an id already accepted: 200 {@code duplicate}, not handed on; an id being handled right now: 409;</li>
 *   <li>the handler returns: 200 {@code accepted}; the handler throws: 500 (the sender retries).</li>
 * </ol>
 * Requests must complete within a deadline from their first byte (default 10 s; 408 and close otherwise), which
 * stops slowloris clients; the deadline of a keep-alive connection's next request starts with its first byte. At most
 * {@code maxConnections} connections are held (default 1024), at most {@code maxConnectionsPerSource} (default 64) from
 * one remote address; one more is answered 503 with {@code Retry-After: 1} and closed. Request lines other than
 * HTTP/1.1 and HTTP/1.0 get 505; a body starting with a UTF-8 byte-order mark gets 400. With
 * {@link Builder#duplicateStore} the accepted ids survive a restart.
 * Use {@link #bind} for a ready server (optionally TLS), or {@link #initPipeline} to embed in your own Netty server.
 */
public final class WebhookReceiver {
    private final WebhookVerifier verifier;
    private final AlertHandler handler;
    private final int maxBodyBytes;
    private final Duration requestDeadline;
    private final String path;
    private final ReceiverHandler sharedHandler;
    private final ConnectionLimitHandler.Limits limits;

    private WebhookReceiver(Builder b) {
        WebhookVerifier.Builder vb = WebhookVerifier.custom().tolerance(b.tolerance).clock(b.clock);
        b.secrets.forEach(vb::secret);
        this.verifier = vb.build();
        this.handler = b.handler;
        this.maxBodyBytes = b.maxBodyBytes;
        this.requestDeadline = b.requestDeadline;
        this.path = b.path;
        this.sharedHandler = new ReceiverHandler(verifier, handler, new IdTracker(b.dedupeCapacity, b.duplicateStore), path);
        this.limits = new ConnectionLimitHandler.Limits(b.maxConnections, Math.min(b.maxConnections, b.maxConnectionsPerSource));
    }

    /** A new builder. Required: at least one secret and a handler. */
    public static Builder custom() { return new Builder(); }

    /**
     * Adds the connection cap, HTTP decoding, size cap, deadlines and the verifying handler to a channel pipeline
     * (after any TLS handler). The connection cap counts every pipeline initialised by this receiver.
     */
    public void initPipeline(ChannelPipeline p) {
        ReceiverServers.initHttp(p, maxBodyBytes, requestDeadline.toMillis(), limits);
        p.addLast("entryguard-receiver", sharedHandler);
    }

    /** The verifying handler alone (expects {@code FullHttpRequest}s); sharable across channels. */
    public ChannelHandler handler() { return sharedHandler; }

    /** Counters since the receiver was built. */
    public ReceiverStats stats() {
        ReceiverStats s = sharedHandler.stats();
        return new ReceiverStats(s.accepted(), s.duplicates(), s.rejected(), limits.refused(), limits.timedOut());
    }

    /** Connections open now (counted against {@code maxConnections}). */
    public int openConnections() { return limits.active(); }

    /**
     * Starts a server on {@code address} (port 0 picks a free port).
     *
     * @param tls null for plain HTTP; a server {@link SslContext} for HTTPS
     */
    public ReceiverServer bind(InetSocketAddress address, SslContext tls) {
        return ReceiverServers.start(sharedHandler, maxBodyBytes, requestDeadline.toMillis(), limits, address, tls);
    }

    /** Collects the receiver's settings. */
    public static final class Builder {
        private final java.util.List<WebhookSecret> secrets = new java.util.ArrayList<>();
        private AlertHandler handler;
        private Duration tolerance = WebhookVerifier.DEFAULT_TOLERANCE;
        private int maxBodyBytes = 512 * 1024;
        private int dedupeCapacity = 1_000_000;
        private Duration requestDeadline = Duration.ofSeconds(10);
        private int maxConnections = 1024;
        private int maxConnectionsPerSource = 64;
        private java.nio.file.Path duplicateStore;
        private String path;
        private Clock clock = Clock.systemUTC();

        private Builder() { }

        /** A secret to accept; add old and new while rotating. */
        public Builder secret(WebhookSecret s) { secrets.add(Objects.requireNonNull(s, "secret")); return this; }
        /** Receives verified first-seen alerts. */
        public Builder handler(AlertHandler h) { this.handler = h; return this; }
        /** Timestamp window, either way; default 5 minutes. */
        public Builder tolerance(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timestamp tolerance must be positive, e.g. Duration.ofMinutes(5)");
            }
            this.tolerance = d;
            return this;
        }
        /** Largest body accepted; default 512 KiB (room for a capped face crop). */
        public Builder maxBodyBytes(int n) {
            if (n < 1024) throw new IllegalArgumentException("maxBodyBytes " + n + " is too small for an alert: allow at least 1024");
            this.maxBodyBytes = n;
            return this;
        }
        /** How many accepted ids are remembered for deduplication; default 1 000 000 (about 100 MB of heap). */
        public Builder dedupeCapacity(int n) {
            if (n < 1) throw new IllegalArgumentException("dedupeCapacity " + n + " must be at least 1, e.g. 1000000 (the default)");
            this.dedupeCapacity = n;
            return this;
        }
        /** Time allowed from a request's first byte to its last; default 10 s. */
        public Builder requestDeadline(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("requestDeadline " + d + " must be positive, e.g. Duration.ofSeconds(10)");
            }
            this.requestDeadline = d;
            return this;
        }
        /**
         * Most connections held open at once; default 1024. One more is answered {@code 503} with
         * {@code Retry-After: 1} and closed, without being read. Keep it below the process's file-descriptor limit.
         */
        public Builder maxConnections(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConnections " + n + " must be at least 1, e.g. 1024");
            this.maxConnections = n;
            return this;
        }
        /**
         * Most connections one remote address may hold at once; default 64. One more from it is answered {@code 503}
         * like a connection past {@link #maxConnections}; other senders are not affected. (A client holding 1 100
         * sockets used to lock every real sender out.) Senders behind one NAT share it: raise it for them.
         */
        public Builder maxConnectionsPerSource(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConnectionsPerSource " + n + " must be at least 1, e.g. 64");
            this.maxConnectionsPerSource = n;
            return this;
        }
        /**
         * Keeps the accepted ids in this file too (fsynced before each 200, 0600, bounded to {@link #dedupeCapacity}
         * ids), so that after a receiver restart a replay, or a sender's resend, is still answered {@code duplicate}
         * and not handed on twice. Default: none (ids are remembered in memory only, and forgotten on restart).
         */
        public Builder duplicateStore(java.nio.file.Path file) { this.duplicateStore = file; return this; }
        /** Only this path is accepted (404 otherwise); default: any path. */
        public Builder path(String p) { this.path = p; return this; }
        /** Clock for the timestamp window (tests). */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c, "clock"); return this; }

        /** @throws IllegalArgumentException naming a missing setting */
        public WebhookReceiver build() {
            if (handler == null) throw new IllegalArgumentException("receiver needs a handler: call handler(alert -> store(alert))");
            if (secrets.isEmpty()) throw new IllegalArgumentException("receiver needs the shared secret: call secret(WebhookSecret.parse(\"whsec_...\"))");
            return new WebhookReceiver(this);
        }
    }
}
