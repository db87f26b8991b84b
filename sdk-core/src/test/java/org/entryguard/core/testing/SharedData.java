package org.entryguard.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the research-only face photos in {@code ../shared/data} (never part of the repository). Tests that
 * need them call {@link #facesPublic()}; on a user's clone without that folder they are skipped with a
 * message saying so, never silently passed.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data root if present, else null. */
    public static Path rootOrNull() {
        String prop = System.getProperty("entryguard.sharedData");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("faces-public"))) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code ../shared/data/faces-public}, or the test is skipped with a message. */
    public static Path facesPublic() {
        Path root = rootOrNull();
        Assumptions.assumeTrue(root != null && Files.isDirectory(root.resolve("faces-public")),
                "SKIPPED: ../shared/data/faces-public is not present (research-only photos are never in the repository); "
                        + "this test needs it and runs only on a machine that has it");
        return root.resolve("faces-public");
    }
}
