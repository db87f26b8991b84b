package org.entryguard.core;

import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** sdk-core knows nothing of cameras, HTTP or alerts (README, Modules). */
class BoundariesTest {
    @Test
    void coreUsesNoCameraHttpOrAlertsCode() {
        Boundaries.assertNoDependency("org.entryguard.core", "sdk-core knows nothing of cameras or HTTP",
                "org.entryguard.camera..", "org.entryguard.alerts..", "org.bytedeco..", "io.netty..");
    }

    /** One config idiom (README, API): custom(...) / ofDefaults(...) / from(existing) / of(values), builders end in build(). */
    @Test
    void oneConfigIdiom() {
        Boundaries.assertConfigIdiom("org.entryguard.core");
    }
}
