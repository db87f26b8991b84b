package org.entryguard.regulator.store;

import java.time.Instant;

/**
 * What the console asks for. {@code null} fields do not filter; {@code limit} caps the rows (newest first).
 */
public record AlertFilter(String district, String venueId, String type, Instant from, Instant to, int limit) {
    /** The newest {@code limit} alerts of every district. */
    public static AlertFilter newest(int limit) {
        return new AlertFilter(null, null, null, null, null, limit);
    }
}
