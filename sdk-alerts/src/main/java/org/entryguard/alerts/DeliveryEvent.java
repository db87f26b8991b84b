package org.entryguard.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to one alert on its way (the Resilience4j event shape: a type, the subject, details).
 *
 * @param type      what happened
 * @param alertId   the alert's id; null for the session events of a {@link Gat1400Sink} (REGISTERED,
 *                  REGISTRATION_FAILED, KEEPALIVE_FAILED), which concern the connection, not one alert
 * @param sequence  the alert's outbox sequence; -1 for session events
 * @param attempt   attempts made so far (0 for {@link Type#QUEUED})
 * @param status    the HTTP status of the last attempt, or 0 when there was none or it failed before a response
 * @param nextDelay for {@link Type#RETRY_SCHEDULED}: the wait before the next attempt; otherwise zero
 * @param detail    a human-readable reason (error, status line, dead-letter file)
 * @param time      when it happened
 */
public record DeliveryEvent(Type type, String alertId, long sequence, int attempt, int status, Duration nextDelay,
        String detail, Instant time) {

    /** Event types. */
    public enum Type {
        /** Durably queued (also for alerts found pending after a restart). */
        QUEUED,
        /** The receiver answered 2xx; the alert is acknowledged and leaves the outbox. */
        DELIVERED,
        /** An attempt failed; another is scheduled. */
        RETRY_SCHEDULED,
        /** The retry horizon passed; the alert was written to the dead-letter file. */
        DEAD_LETTERED,
        /** The receiver answered 410 Gone: delivery stops until restart; alerts stay queued. */
        ENDPOINT_DISABLED,
        /** GA/T 1400 session: the device registered with the view library ({@code /VIID/System/Register}). */
        REGISTERED,
        /**
         * GA/T 1400 session: registration failed (credentials refused, view library unreachable or answering an
         * error). Alerts stay queued; the detail says why and what to check.
         */
        REGISTRATION_FAILED,
        /** GA/T 1400 session: a keepalive failed; the sink registers again. */
        KEEPALIVE_FAILED
    }
}
