package org.entryguard.benchmarks;

import java.util.Set;
import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** The benchmarks use the SDK's API only, never its {@code internal} packages. */
class BoundariesTest {
    /**
     * Known offenders (issue 14). The pre-processing benchmark times the SDK's resize on its own, which is
     * internal by design; the public path's cost of it shows in the overhead benchmark. The list may only shrink.
     */
    static final Set<String> KNOWN_OFFENDERS = Set.of(
            "org.entryguard.benchmarks.PreprocessBenchmark -> org.entryguard.core.internal.TfBilinearResizer");

    @Test
    void noInternalPackagesBeyondTheKnownOffenders() {
        Boundaries.assertNoInternalUse("org.entryguard.benchmarks", KNOWN_OFFENDERS);
    }
}
