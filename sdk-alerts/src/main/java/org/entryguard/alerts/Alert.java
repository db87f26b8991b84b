package org.entryguard.alerts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.entryguard.alerts.internal.AlertCodec;

/**
 * One alert for public security: an immutable value with a {@link Builder}, written as versioned JSON
 * (schema {@code org/entryguard/alerts/alert.schema.json}). {@link #id()} is the idempotency key: it is
 * sent as {@code webhook-id}, and receivers deduplicate on it, so a retried alert is counted once.
 *
 * <p>No face image is carried unless the integrator attaches a {@link FaceCrop} <em>and</em> the sink has
 * face crops enabled.
 */
public final class Alert {
    /** The schema version this SDK writes, and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    // Header-safe and log-safe: the id travels as the webhook-id header and in file names of reports.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final String id;
    private final AlertType type;
    private final Venue venue;
    private final String cameraId;
    private final ZonedDateTime time;
    private final String decision;
    private final Double ageLower;
    private final Double ageUpper;
    private final Double estimatedAge;
    private final String ruleApplied;
    private final boolean keyPeriod;
    private final GuardianState guardianState;
    private final FaceCrop faceCrop;

    private Alert(Builder b) {
        this.id = b.id != null ? b.id : "alert_" + UUID.randomUUID();
        if (!ID.matcher(this.id).matches()) {
            throw new AlertFormatException("alert id '" + abbreviate(this.id) + "' is invalid: use 1 to 128 characters"
                    + " of A-Z a-z 0-9 _ . : - (it is sent as the webhook-id header)");
        }
        this.type = require("type", b.type);
        this.venue = require("venue", b.venue);
        this.cameraId = requireText("cameraId", b.cameraId, 128);
        this.time = require("time", b.time);
        this.decision = optionalText("decision", b.decision, 64);
        this.ageLower = b.ageLower;
        this.ageUpper = b.ageUpper;
        this.estimatedAge = b.estimatedAge;
        this.ruleApplied = optionalText("ruleApplied", b.ruleApplied, 512);
        this.keyPeriod = b.keyPeriod;
        this.guardianState = b.guardianState;
        this.faceCrop = b.faceCrop;
        checkAges();
        if (type == AlertType.MINOR_AT_HOTEL && guardianState == null) {
            throw new AlertFormatException("alert " + id + " is MINOR_AT_HOTEL but has no guardian workflow state:"
                    + " set guardianState(...) to where the hotel stands with the guardian");
        }
        if (type != AlertType.MINOR_AT_HOTEL && guardianState != null) {
            throw new AlertFormatException("alert " + id + " is " + type + " but carries a guardian workflow state:"
                    + " only MINOR_AT_HOTEL alerts have one; remove guardianState(...)");
        }
        if ((type == AlertType.MINOR_ENTRY || type == AlertType.MINOR_AT_HOTEL) && decision == null) {
            throw new AlertFormatException("alert " + id + " is " + type + " but has no decision:"
                    + " set decision(...) to the decision that raised it, e.g. \"MINOR\"");
        }
    }

    private void checkAges() {
        if ((ageLower == null) != (ageUpper == null)) {
            throw new AlertFormatException("alert " + id + " has only one end of the age interval:"
                    + " set both ageInterval(lower, upper) or neither");
        }
        checkAge("ageLower", ageLower);
        checkAge("ageUpper", ageUpper);
        checkAge("estimatedAge", estimatedAge);
        if (ageLower != null && ageLower > ageUpper) {
            throw new AlertFormatException("alert " + id + " has age interval [" + ageLower + ", " + ageUpper
                    + "] with lower above upper: swap them");
        }
        if (ageLower != null && estimatedAge != null && (estimatedAge < ageLower || estimatedAge > ageUpper)) {
            throw new AlertFormatException("alert " + id + " has estimated age " + estimatedAge + " outside its interval ["
                    + ageLower + ", " + ageUpper + "]: the estimate must lie inside the interval");
        }
    }

    private void checkAge(String field, Double v) {
        if (v != null && (v.isNaN() || v < 0 || v > 150)) {
            throw new AlertFormatException("alert " + id + " has " + field + " = " + v + ": ages are years in [0, 150]");
        }
    }

    /** A new builder. Required: type, venue, cameraId, time (and decision for minor alerts). */
    public static Builder custom() { return new Builder(); }

    /** A builder holding {@code alert}'s values, to derive a changed copy. */
    public static Builder from(Alert alert) {
        Alert a = Objects.requireNonNull(alert, "alert");
        Builder b = new Builder();
        b.id = a.id; b.type = a.type; b.venue = a.venue; b.cameraId = a.cameraId; b.time = a.time; b.decision = a.decision;
        b.ageLower = a.ageLower; b.ageUpper = a.ageUpper; b.estimatedAge = a.estimatedAge; b.ruleApplied = a.ruleApplied;
        b.keyPeriod = a.keyPeriod; b.guardianState = a.guardianState; b.faceCrop = a.faceCrop;
        return b;
    }

    /** This alert as JSON (UTF-8), schema version {@link #SCHEMA_VERSION}. */
    public byte[] toJson() { return AlertCodec.write(this); }

    /**
     * Reads an alert from JSON.
     *
     * @throws AlertFormatException naming the first problem found (syntax, missing or wrong field, newer schema)
     */
    public static Alert fromJson(byte[] json) { return AlertCodec.read(json); }

    /** The idempotency key; receivers count an id once however often it is delivered. */
    public String id() { return id; }
    /** What happened. */
    public AlertType type() { return type; }
    /** Where it happened. */
    public Venue venue() { return venue; }
    /** Which camera saw it. */
    public String cameraId() { return cameraId; }
    /** When it happened, in the venue's zone. */
    public ZonedDateTime time() { return time; }
    /** The decision that raised the alert (e.g. {@code MINOR}, {@code CHECK_ID}), if any. */
    public Optional<String> decision() { return Optional.ofNullable(decision); }
    /** Lower end of the estimated age interval in years, or null when no age was estimated. */
    public Double ageLower() { return ageLower; }
    /** Upper end of the estimated age interval in years, or null when no age was estimated. */
    public Double ageUpper() { return ageUpper; }
    /** The point estimate of age in years, or null. */
    public Double estimatedAge() { return estimatedAge; }
    /** The rule that applied, in words a regulator recognises (law, article, venue rule), if any. */
    public Optional<String> ruleApplied() { return Optional.ofNullable(ruleApplied); }
    /** Whether the time falls in a key period (holidays, school vacations) with stricter enforcement. */
    public boolean keyPeriod() { return keyPeriod; }
    /** The guardian workflow state; present exactly for {@link AlertType#MINOR_AT_HOTEL}. */
    public Optional<GuardianState> guardianState() { return Optional.ofNullable(guardianState); }
    /** The face crop, when the integrator attached one. Sinks drop it unless crops are enabled. */
    public Optional<FaceCrop> faceCrop() { return Optional.ofNullable(faceCrop); }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Alert a)) return false;
        return keyPeriod == a.keyPeriod && id.equals(a.id) && type == a.type && venue.equals(a.venue)
                && cameraId.equals(a.cameraId) && time.equals(a.time) && Objects.equals(decision, a.decision)
                && Objects.equals(ageLower, a.ageLower) && Objects.equals(ageUpper, a.ageUpper)
                && Objects.equals(estimatedAge, a.estimatedAge) && Objects.equals(ruleApplied, a.ruleApplied)
                && guardianState == a.guardianState && Objects.equals(faceCrop, a.faceCrop);
    }

    @Override
    public int hashCode() { return Objects.hash(id, type, venue, cameraId, time, decision); }

    @Override
    public String toString() {
        return "Alert[" + id + " " + type + " venue=" + venue.id() + " camera=" + cameraId + " time=" + time + "]";
    }

    static <T> T require(String field, T value) {
        if (value == null) {
            throw new AlertFormatException("alert field '" + field + "' is missing: set it on the builder");
        }
        return value;
    }

    static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new AlertFormatException("alert field '" + field + "' is missing or blank: set it on the builder");
        }
        return optionalText(field, value, max);
    }

    static String optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new AlertFormatException("alert field '" + field + "' is " + value.length()
                    + " characters, over the limit of " + max + ": shorten it");
        }
        return value;
    }

    private static String abbreviate(String s) { return s.length() <= 40 ? s : s.substring(0, 40) + "..."; }

    /** Collects an alert's values; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private String id;
        private AlertType type;
        private Venue venue;
        private String cameraId;
        private ZonedDateTime time;
        private String decision;
        private Double ageLower;
        private Double ageUpper;
        private Double estimatedAge;
        private String ruleApplied;
        private boolean keyPeriod;
        private GuardianState guardianState;
        private FaceCrop faceCrop;

        private Builder() { }

        /** Sets the idempotency id; by default a random {@code alert_<uuid>}. Reuse the id when re-raising the same event. */
        public Builder id(String id) { this.id = id; return this; }
        /** Sets what happened. */
        public Builder type(AlertType type) { this.type = type; return this; }
        /** Sets the venue. */
        public Builder venue(Venue venue) { this.venue = venue; return this; }
        /** Sets the camera id. */
        public Builder cameraId(String cameraId) { this.cameraId = cameraId; return this; }
        /** Sets when it happened, with the venue's zone (e.g. {@code Asia/Shanghai}). */
        public Builder time(ZonedDateTime time) { this.time = time; return this; }
        /** Sets when it happened from an instant and the venue's zone. */
        public Builder time(Instant instant, ZoneId zone) { this.time = ZonedDateTime.ofInstant(instant, zone); return this; }
        /** Sets the decision that raised the alert, e.g. {@code MINOR}. */
        public Builder decision(String decision) { this.decision = decision; return this; }
        /** Sets the estimated age interval in years. */
        public Builder ageInterval(double lower, double upper) { this.ageLower = lower; this.ageUpper = upper; return this; }
        /** Sets the point estimate of age in years. */
        public Builder estimatedAge(double age) { this.estimatedAge = age; return this; }
        /** Sets the rule that applied. */
        public Builder ruleApplied(String rule) { this.ruleApplied = rule; return this; }
        /** Marks the alert as falling in a key period. */
        public Builder keyPeriod(boolean keyPeriod) { this.keyPeriod = keyPeriod; return this; }
        /** Sets the guardian workflow state (MINOR_AT_HOTEL only). */
        public Builder guardianState(GuardianState state) { this.guardianState = state; return this; }
        /** Attaches a face crop; see {@link FaceCrop} for what the law asks first. */
        public Builder faceCrop(FaceCrop crop) { this.faceCrop = crop; return this; }

        /** @throws AlertFormatException naming the first missing or inconsistent field */
        public Alert build() { return new Alert(this); }
    }
}
