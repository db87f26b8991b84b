package org.entryguard.regulator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert as the bureau keeps it: stored once per {@code id} however often a sender delivers it.
 *
 * @param id         the sender's alert id (webhook {@code webhook-id} / GA/T 1400 FaceID); the primary key
 * @param venueId    the venue that raised it
 * @param venueName  the venue's display name, as registered with the bureau (may be empty)
 * @param district   the district the venue belongs to (drives who may see the alert)
 * @param type       the alert type, e.g. {@code MINOR_DETECTED}, {@code CHECK_ID_UNRESOLVED}
 * @param decision   the gateway's decision, e.g. {@code MINOR}, {@code CHECK_ID}
 * @param rule       the rule that applied, e.g. {@code KTV: no minors}
 * @param reason     the reason text the gateway gave
 * @param ageLow     lower end of the estimated age interval, or {@code null}
 * @param ageHigh    upper end of the estimated age interval, or {@code null}
 * @param occurredAt when the gateway saw it
 * @param receivedAt when the bureau accepted it
 * @param source     {@code webhook} or {@code gat1400}
 * @param handling   the officer's handling state
 */
public record StoredAlert(String id, String venueId, String venueName, String district, String type,
                          String decision, String rule, String reason, Double ageLow, Double ageHigh,
                          Instant occurredAt, Instant receivedAt, String source, Handling handling) {
    public StoredAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(venueId, "venueId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(handling, "handling");
    }
}
