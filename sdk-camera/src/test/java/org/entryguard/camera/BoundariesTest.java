package org.entryguard.camera;

import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** sdk-camera and sdk-alerts never depend on each other (the enforcer checks the POMs, this the classes). */
class BoundariesTest {
    @Test
    void cameraUsesNoAlertsCode() {
        Boundaries.assertNoDependency("org.entryguard.camera", "sdk-camera and sdk-alerts never depend on each other",
                "org.entryguard.alerts..");
    }

    /** One config idiom (README, API): custom(...) / ofDefaults(...) / from(existing) / of(values), builders end in build(). */
    @Test
    void oneConfigIdiom() {
        Boundaries.assertConfigIdiom("org.entryguard.camera");
    }
}
