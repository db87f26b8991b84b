package org.entryguard.benchmarks;

import java.util.Set;
import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** The benchmarks use the SDK's API only, never its {@code internal} packages. */
class BoundariesTest {
    /**
     * Known offenders, to be removed by the API re-cut (issue 14): the bare-model and preprocessing benchmarks
     * time the networks and the resize on their own, which have no public form. The list may only shrink.
     */
    static final Set<String> KNOWN_OFFENDERS = Set.of(
            "org.entryguard.benchmarks.BareModels -> org.entryguard.core.internal.AgeGenderEstimator",
            "org.entryguard.benchmarks.BareModels -> org.entryguard.core.internal.FaceLandmark68TinyNet",
            "org.entryguard.benchmarks.BareModels -> org.entryguard.core.internal.FloatTensor",
            "org.entryguard.benchmarks.BareModels -> org.entryguard.core.internal.OnnxModel",
            "org.entryguard.benchmarks.BareModels -> org.entryguard.core.internal.TinyFaceDetector",
            "org.entryguard.benchmarks.PreprocessBenchmark -> org.entryguard.core.internal.TfBilinearResizer");

    @Test
    void noInternalPackagesBeyondTheKnownOffenders() {
        Boundaries.assertNoInternalUse("org.entryguard.benchmarks", KNOWN_OFFENDERS);
    }
}
