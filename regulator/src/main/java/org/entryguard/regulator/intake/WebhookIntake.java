package org.entryguard.regulator.intake;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.http.HttpHeaders;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertFormatException;
import org.entryguard.alerts.WebhookSigner;
import org.entryguard.alerts.WebhookVerificationException;
import org.entryguard.alerts.WebhookVerifier;
import org.entryguard.regulator.RegulatorConfig;
import org.entryguard.regulator.RegulatorMetrics;
import org.entryguard.regulator.bus.AlertBus;
import org.entryguard.regulator.bus.VerifiedAlert;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.StoredAlert;

/**
 * Standard Webhooks from EntryGuard gateways, one URL per venue ({@code POST <pathPrefix><venueId>}, e.g.
 * {@code /webhooks/ktv-0042}): the venue in the path picks its secrets (one, or two while rotating), so a venue can
 * only speak for itself. Checks, in order, each refusal counted under its reason:
 * <ol>
 *   <li>known venue (404 {@code unknown_venue}) with a secret (403 {@code venue_without_secret});</li>
 *   <li>headers present and numeric timestamp (400 {@code missing_header}, {@code bad_timestamp}), timestamp in the
 *       window (401 {@code stale_timestamp}: replays older than the window), signature (401 {@code bad_signature});</li>
 *   <li>the venue's rate (429 {@code rate_limited} with Retry-After), counted after the signature so forgeries cannot
 *       spend a venue's budget;</li>
 *   <li>an id this node accepted lately: 200 {@code duplicate} (a replay inside the window, or a sender's retry);</li>
 *   <li>a valid alert (400 {@code bad_alert}) whose id is the {@code webhook-id} (400 {@code id_mismatch}) and whose
 *       venue is the path's (403 {@code venue_mismatch});</li>
 *   <li>stored: 200 {@code accepted} (or {@code duplicate}); storage unavailable: 503 {@code store_unavailable} with
 *       Retry-After, so the sender's outbox retries and nothing is lost.</li>
 * </ol>
 */
public final class WebhookIntake {
    private final RegulatorConfig config;
    private final AlertBus bus;
    private final RegulatorMetrics metrics;
    private final Clock clock;
    private final Map<String, WebhookVerifier> verifiers = new HashMap<>();
    private final RateLimiter limiter = new RateLimiter(System::nanoTime);
    private final RecentIds recent;

    /** Builds one verifier per venue from the config. */
    public WebhookIntake(RegulatorConfig config, AlertBus bus, RegulatorMetrics metrics, Clock clock) {
        this.config = config;
        this.bus = bus;
        this.metrics = metrics;
        this.clock = clock;
        this.recent = new RecentIds(config.webhook().recentIds());
        for (RegulatorConfig.VenueConfig v : config.venues().values()) {
            if (v.secrets().isEmpty()) continue;
            WebhookVerifier.Builder b = WebhookVerifier.custom().tolerance(config.webhook().tolerance()).clock(clock);
            v.secrets().forEach(b::secret);
            verifiers.put(v.id(), b.build());
        }
    }

    /** Whether {@code path} is a webhook URL. */
    boolean matches(String path) { return path.startsWith(config.webhook().pathPrefix()); }

    /** Handles one POST; {@code body} is the raw body as received. */
    CompletableFuture<Reply> handle(String path, HttpHeaders headers, byte[] body, long arrivedNanos) {
        String venueId = path.substring(config.webhook().pathPrefix().length());
        RegulatorConfig.VenueConfig venue = config.venues().get(venueId);
        if (venue == null) {
            return done(reject(404, "unknown_venue", "venue '" + abbreviate(venueId) + "' is not registered with this bureau:"
                    + " post to " + config.webhook().pathPrefix() + "<your venue id>, and ask the bureau to register the venue"));
        }
        if (body.length > config.webhook().maxBodyBytes()) {
            return done(reject(413, "too_large", "body of " + body.length + " bytes is over the " + config.webhook().maxBodyBytes()
                    + "-byte cap: send face crops only if the bureau asked for them, and small"));
        }
        WebhookVerifier verifier = verifiers.get(venueId);
        if (verifier == null) {
            return done(reject(403, "venue_without_secret", "venue '" + venueId + "' has no webhook secret configured:"
                    + " the bureau must add one to the venue's 'secrets' before it may send"));
        }
        String id = headers.get(WebhookSigner.HEADER_ID);
        try {
            verifier.verify(id, headers.get(WebhookSigner.HEADER_TIMESTAMP), headers.get(WebhookSigner.HEADER_SIGNATURE), body);
        } catch (WebhookVerificationException e) {
            return done(switch (e.reason()) {
                case MISSING_HEADER -> reject(400, "missing_header", e.getMessage());
                case BAD_TIMESTAMP -> reject(400, "bad_timestamp", e.getMessage());
                case TIMESTAMP_OUT_OF_WINDOW -> reject(401, "stale_timestamp", e.getMessage());
                case NO_MATCHING_SIGNATURE -> reject(401, "bad_signature", e.getMessage());
            });
        }
        long wait = limiter.acquire(venueId, venue.ratePerSecond());
        if (wait > 0) {
            metrics.rejected("rate_limited");
            return done(Reply.rejected(429, "rate_limited", "venue '" + venueId + "' sends faster than its "
                    + venue.ratePerSecond() + " alerts/s: retry after " + wait + " s", Map.of("retry-after", Long.toString(wait))));
        }
        if (recent.contains(id)) {
            metrics.duplicate(true);
            return done(Reply.ok("duplicate"));
        }
        Alert alert;
        try {
            alert = Alert.fromJson(body);
        } catch (AlertFormatException e) {
            return done(reject(400, "bad_alert", e.getMessage()));
        }
        if (!alert.id().equals(id)) {
            return done(reject(400, "id_mismatch", "body id '" + alert.id() + "' differs from webhook-id '" + abbreviate(id)
                    + "': send the alert's id as webhook-id"));
        }
        if (!alert.venue().id().equals(venueId)) {
            return done(reject(403, "venue_mismatch", "alert is for venue '" + alert.venue().id() + "' but was posted to venue '"
                    + venueId + "': each venue posts to its own URL with its own secret"));
        }
        byte[] image = null;
        if (alert.faceCrop().isPresent()) {
            if (config.storeImages()) image = alert.faceCrop().get().jpeg();
            else metrics.image(false);
        }
        StoredAlert row = new StoredAlert(alert.id(), venueId, venue.name().isEmpty() ? alert.venue().name() : venue.name(),
                venue.district(), alert.type().name(), alert.decision().orElse(null), alert.ruleApplied().orElse(null),
                reason(alert), alert.ageLower(), alert.ageUpper(), alert.time().toInstant(), clock.instant(), "webhook", Handling.NEW);
        metrics.accepted("webhook");
        return bus.publish(new VerifiedAlert(row, image, image == null ? null : "image/jpeg", arrivedNanos)).handle((outcome, err) -> {
            if (err != null) {
                metrics.rejected("store_unavailable");
                return Reply.rejected(503, "store_unavailable", "the bureau cannot store the alert right now ("
                        + rootMessage(err) + "); it was not kept: retry", Map.of("retry-after", "1"));
            }
            recent.add(id);
            return Reply.ok(outcome == AlertBus.Outcome.DUPLICATE ? "duplicate" : "accepted");
        });
    }

    /** What the gateway said, in words an officer reads: camera, estimate, period, guardian workflow. */
    static String reason(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append(switch (a.type()) {
            case MINOR_ENTRY -> "minor at the entrance";
            case MINOR_AT_HOTEL -> "minor checking in";
            case CHECK_ID_UNRESOLVED -> "ID check not resolved in time";
            case CAMERA_DOWN -> "camera stopped delivering frames";
        });
        b.append("; camera ").append(a.cameraId());
        if (a.estimatedAge() != null) b.append("; estimated age ").append(String.format(Locale.ROOT, "%.1f", a.estimatedAge()));
        if (a.ageLower() != null) {
            b.append(String.format(Locale.ROOT, " (interval %.1f-%.1f)", a.ageLower(), a.ageUpper()));
        }
        a.decision().ifPresent(d -> b.append("; decision ").append(d));
        if (a.keyPeriod()) b.append("; key period");
        a.guardianState().ifPresent(g -> b.append("; guardian ").append(g.name()));
        return b.toString();
    }

    private Reply reject(int status, String reason, String error) {
        metrics.rejected(reason);
        return Reply.rejected(status, reason, error, Map.of());
    }

    private static CompletableFuture<Reply> done(Reply r) { return CompletableFuture.completedFuture(r); }

    static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
