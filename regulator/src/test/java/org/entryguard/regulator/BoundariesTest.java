package org.entryguard.regulator;

import java.util.Set;
import org.entryguard.core.testing.Boundaries;
import org.junit.jupiter.api.Test;

/** The regulator uses the SDK's API only, never its {@code internal} packages. */
class BoundariesTest {
    @Test
    void noInternalPackages() {
        Boundaries.assertNoInternalUse("org.entryguard.regulator", Set.of());
    }
}
