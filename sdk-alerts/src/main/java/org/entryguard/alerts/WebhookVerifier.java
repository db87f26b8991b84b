package org.entryguard.alerts;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;


/**
 * Verifies Standard Webhooks signatures: the timestamp must lie within the tolerance (default 5 minutes) of
 * now, and at least one {@code v1,} signature must match one of the secrets, compared in constant time.
 * Immutable and thread-safe; build with {@link #custom()}.
 */
public final class WebhookVerifier {
    /** The tolerance Standard Webhooks recommends. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<WebhookSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(Builder b) {
        this.secrets = List.copyOf(b.secrets);
        this.tolerance = b.tolerance;
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder custom() { return new Builder(); }

    /**
     * Checks one message.
     *
     * @param id        the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header
     * @param signature the {@code webhook-signature} header
     * @param body      the raw body, exactly as received
     * @return the timestamp in Unix seconds
     * @throws WebhookVerificationException when a header is missing, the time is outside the window, or no signature matches
     */
    public long verify(String id, String timestamp, String signature, byte[] body) {
        if (id == null || id.isEmpty()) throw missing(WebhookSigner.HEADER_ID);
        if (timestamp == null || timestamp.isEmpty()) throw missing(WebhookSigner.HEADER_TIMESTAMP);
        if (signature == null || signature.isEmpty()) throw missing(WebhookSigner.HEADER_SIGNATURE);
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.BAD_TIMESTAMP,
                    "webhook-timestamp '" + abbreviate(timestamp) + "' is not Unix seconds: send the signing time as an integer");
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - ts) > tolerance.toSeconds()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_WINDOW,
                    "webhook-timestamp " + ts + " is " + (now - ts) + " s from now, outside the " + tolerance.toSeconds()
                            + " s window: a replay, or the sender's clock is wrong (sync it with NTP)");
        }
        // Compute each expected MAC once; every candidate is compared with MessageDigest.isEqual (constant time).
        List<byte[]> expected = new ArrayList<>(secrets.size());
        for (WebhookSecret s : secrets) expected.add(Signatures.sign(s.key(), id, ts, body));
        boolean match = false;
        for (String part : signature.trim().split(" +")) {
            if (!part.startsWith("v1,")) continue; // other schemes (v1a = asymmetric) are not ours; skip, don't fail
            byte[] given;
            try {
                given = Base64.getDecoder().decode(part.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] e : expected) match |= MessageDigest.isEqual(e, given);
        }
        if (!match) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE,
                    "no v1 signature matches a configured secret: check that sender and"
                            + " receiver share the same whsec_ secret and that the body was not altered on the way");
        }
        return ts;
    }

    private static WebhookVerificationException missing(String header) {
        return new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
                "header '" + header + "' is missing: the sender must sign with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)");
    }

    private static String abbreviate(String s) { return s.length() <= 24 ? s : s.substring(0, 24) + "..."; }

    /** Collects secrets and the time window. */
    public static final class Builder {
        private final List<WebhookSecret> secrets = new ArrayList<>();
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Clock clock = Clock.systemUTC();

        private Builder() { }

        /** Adds a secret; add the old and the new one while rotating. */
        public Builder secret(WebhookSecret secret) { secrets.add(java.util.Objects.requireNonNull(secret, "secret")); return this; }

        /** How far the timestamp may be from now, either way; default 5 minutes. */
        public Builder tolerance(Duration tolerance) {
            if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
                throw new IllegalArgumentException("timestamp tolerance must be positive, e.g. Duration.ofMinutes(5)");
            }
            this.tolerance = tolerance;
            return this;
        }

        /** The clock to read now from (tests). */
        public Builder clock(Clock clock) { this.clock = java.util.Objects.requireNonNull(clock, "clock"); return this; }

        /** @throws IllegalArgumentException when no secret was added */
        public WebhookVerifier build() {
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("a webhook verifier needs at least one secret: call secret(WebhookSecret.parse(\"whsec_...\"))");
            }
            return new WebhookVerifier(this);
        }
    }
}
