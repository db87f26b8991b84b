package org.entryguard.examples.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProportionTest {
    private static void assertInterval(int k, int n, double lo, double hi) {
        Proportion p = Proportion.wilson(k, n);
        assertEquals(k, p.k());
        assertEquals(n, p.n());
        assertEquals(lo, p.lo(), 5e-5, k + "/" + n + " lower");
        assertEquals(hi, p.hi(), 5e-5, k + "/" + n + " upper");
    }

    @Test
    void matchesPublishedWilsonIntervals() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson score without continuity correction)
        assertInterval(81, 263, 0.2553, 0.3662);
        assertInterval(15, 148, 0.0624, 0.1605);
        assertInterval(0, 20, 0.0, 0.1611);
        assertInterval(1, 29, 0.0061, 0.1718);
        // small-n values quoted widely (e.g. Agresti & Coull 1998; Brown, Cai & DasGupta 2001)
        assertInterval(0, 10, 0.0, 0.2775);
        assertInterval(10, 10, 0.7225, 1.0);
        assertInterval(5, 10, 0.2366, 0.7634);
    }

    @Test
    void endsAreExactAtZeroAndAll() {
        assertEquals(0.0, Proportion.wilson(0, 7).lo());
        assertEquals(1.0, Proportion.wilson(7, 7).hi());
        assertEquals(0.0, Proportion.wilson(0, 1_000_000).lo());
        assertEquals(1.0, Proportion.wilson(1_000_000, 1_000_000).hi());
    }

    @Test
    void intervalHoldsTheRateAndNarrowsWithN() {
        for (int n = 1; n <= 60; n++) {
            for (int k = 0; k <= n; k++) {
                Proportion p = Proportion.wilson(k, n);
                assertTrue(p.lo() <= p.rate() && p.rate() <= p.hi(), p.toString());
                Proportion mirror = Proportion.wilson(n - k, n);
                assertEquals(p.lo(), 1 - mirror.hi(), 1e-12, "symmetric: " + p);
            }
        }
        assertTrue(Proportion.wilson(50, 100).hi() - Proportion.wilson(50, 100).lo()
                > Proportion.wilson(500, 1000).hi() - Proportion.wilson(500, 1000).lo());
    }

    @Test
    void otherLevelsAreNarrowerOrWider() {
        Proportion p90 = Proportion.wilson(5, 10, 1.6448536269514722);
        Proportion p95 = Proportion.wilson(5, 10);
        assertTrue(p90.lo() > p95.lo() && p90.hi() < p95.hi(), p90 + " vs " + p95);
    }

    @Test
    void emptyMeansNothingKnown() {
        Proportion p = Proportion.wilson(0, 0);
        assertTrue(Double.isNaN(p.rate()));
        assertEquals(0.0, p.lo());
        assertEquals(1.0, p.hi());
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Proportion(1, 2, 0.6, 0.4));
    }
}
