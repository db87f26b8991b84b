package org.entryguard.alerts;

import java.nio.file.Path;
import org.entryguard.core.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** sdk-alerts' public API is the one in {@code api/sdk-alerts.api}; see {@link ApiDump} for how to update it. */
class ApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.check(Path.of("target", "classes"), Path.of("api", "sdk-alerts.api"));
    }

    @Test
    void publishedJavadocStandsAlone() {
        ApiDump.assertJavadocStandsAlone(Path.of("src", "main", "java"));
    }
}
