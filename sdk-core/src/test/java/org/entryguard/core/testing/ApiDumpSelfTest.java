package org.entryguard.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API check itself: what a changed API looks like to the person whose build fails. */
class ApiDumpSelfTest {
    @Test
    void aChangedApiFailsWithTheLinesAddedAndRemovedAndTheUpdateCommand(@TempDir Path dir) throws Exception {
        Path classes = Path.of("target", "classes");
        String real = ApiDump.dump(classes);
        assertTrue(real.contains("public final class org.entryguard.core.ImageFrame\n"), real);
        assertTrue(real.contains("  public int width()\n"), real);
        assertFalse(real.contains(".internal."), "internal packages are not API");
        Path api = dir.resolve("sdk-core.api");
        Files.writeString(api, real.replace("  public int width()\n",
                "  public int widthInPixels()\n"));
        AssertionError e = assertThrows(AssertionError.class, () -> ApiDump.check(classes, api, false));
        assertTrue(e.getMessage().contains("  in public final class org.entryguard.core.ImageFrame:\n"
                + "-   public int widthInPixels()\n"
                + "+   public int width()\n"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dapi.update=true"), e.getMessage());
    }

    @Test
    void aMissingDumpSaysHowToCreateIt(@TempDir Path dir) {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ApiDump.check(Path.of("target", "classes"), dir.resolve("none.api"), false));
        assertTrue(e.getMessage().contains("No API dump") && e.getMessage().contains("-Dapi.update=true"), e.getMessage());
    }

    @Test
    void diffShowsOnlyWhatChangedUnderItsType() {
        String d = ApiDump.diff("class A\n  m1\n  m2\nclass B\n  n1\n", "class A\n  m1\n  m3\nclass B\n  n1\n");
        assertEquals("  in class A:\n-   m2\n+   m3\n", d);
    }
}
