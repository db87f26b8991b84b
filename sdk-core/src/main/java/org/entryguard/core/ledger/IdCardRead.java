package org.entryguard.core.ledger;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One ID card read at a door: who read it, where, and the holder's birth date (nothing else of the card).
 *
 * @param readerId the reader's id
 * @param cameraId the door (camera id) the reader stands at
 * @param birthDate the card holder's date of birth
 */
public record IdCardRead(String readerId, String cameraId, LocalDate birthDate) {
    /** Checks the fields. */
    public IdCardRead {
        Objects.requireNonNull(readerId, "readerId");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(birthDate, "birthDate");
    }
}
