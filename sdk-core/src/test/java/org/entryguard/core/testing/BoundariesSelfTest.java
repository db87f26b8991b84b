package org.entryguard.core.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.entryguard.core.testing.idiomfixture.NewStyle;
import org.entryguard.core.testing.idiomfixture.OldStyle;
import org.junit.jupiter.api.Test;

/** The config idiom check itself: what each way of drifting from it looks like to the person whose build fails. */
class BoundariesSelfTest {
    @Test
    void everyRetiredFactoryAndBuilderShapeIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Boundaries.assertConfigIdiom(
                new ClassFileImporter().importClasses(OldStyle.class, OldStyle.Builder.class)));
        String m = e.getMessage();
        for (String expected : new String[] {"OldStyle.builder(...)", "OldStyle.defaults(...)", "OldStyle.bundled(...)",
                "OldStyle.device(...)", "OldStyle.toBuilder(...)", "OldStyle$Builder constructor",
                "OldStyle$Builder: every builder ends with a public build()"}) {
            assertTrue(m.contains(expected), expected + " missing in:\n" + m);
        }
    }

    @Test
    void theIdiomPasses() {
        assertDoesNotThrow(() -> Boundaries.assertConfigIdiom(
                new ClassFileImporter().importClasses(NewStyle.class, NewStyle.Builder.class)));
    }
}
