package org.entryguard.alerts;

import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** sdk-camera and sdk-alerts never depend on each other (the enforcer checks the POMs, this the classes). */
class BoundariesTest {
    @Test
    void alertsUseNoCameraCode() {
        Boundaries.assertNoDependency("org.entryguard.alerts", "sdk-camera and sdk-alerts never depend on each other",
                "org.entryguard.camera..", "org.bytedeco..");
    }

    /** One config idiom (README, API): custom(...) / ofDefaults(...) / from(existing) / of(values), builders end in build(). */
    @Test
    void oneConfigIdiom() {
        Boundaries.assertConfigIdiom("org.entryguard.alerts");
    }
}
