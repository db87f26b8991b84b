package org.entryguard.core.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers open ID checks from card reads: the oldest check awaiting an ID at the reader's door is resolved as
 * {@link IdCheckResult#ID_VERIFIED_ADULT} when the holder has turned {@code adultAge} on the venue's date, else
 * {@link IdCheckResult#MINOR_CONFIRMED}; the staff id recorded is {@code id-reader:<readerId>}.
 */
public final class IdCardResolver implements Consumer<IdCardRead> {
    private final VisitLedger ledger;
    private final ZoneId zone;
    private final int adultAge;
    private final Clock clock;

    /**
     * @param zone the venue's time zone (whose date decides a birthday)
     * @param adultAge the age of majority, 18 in China
     * @throws IllegalArgumentException if {@code adultAge} is not in 1..30
     */
    public IdCardResolver(VisitLedger ledger, ZoneId zone, int adultAge) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (adultAge < 1 || adultAge > 30) {
            throw new IllegalArgumentException("adultAge must be in 1..30, got " + adultAge);
        }
        this.adultAge = adultAge;
        this.clock = ledger.clock();
    }

    @Override
    public void accept(IdCardRead read) {
        resolve(read);
    }

    /** Resolves the oldest open check at the read's door; empty when none is open there. */
    public Optional<VisitOutcome> resolve(IdCardRead read) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        boolean adult = !read.birthDate().plusYears(adultAge).isAfter(today);
        for (VisitOutcome o : ledger.pending()) {
            if (o.status() == OutcomeStatus.AWAITING_ID_CHECK && o.decision().cameraId().equals(read.cameraId())) {
                try {
                    return Optional.of(ledger.resolveIdCheck(o.visitId(),
                            adult ? IdCheckResult.ID_VERIFIED_ADULT : IdCheckResult.MINOR_CONFIRMED, "id-reader:" + read.readerId()));
                } catch (IllegalStateException e) {
                    // staff answered it a moment earlier: try the next one
                }
            }
        }
        return Optional.empty();
    }
}
