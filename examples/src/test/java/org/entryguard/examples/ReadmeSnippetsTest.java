package org.entryguard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 6: every {@code ```java} block of the README compiles, as written, against the SDK. Each block becomes
 * the body of a method; the few names a snippet uses without declaring them (the frame, the venue, a visit id, a
 * sink) are fields of the same class, so a snippet that declares its own shadows them.
 */
class ReadmeSnippetsTest {
    private static final String PRELUDE = """
            import org.entryguard.core.*;
            import org.entryguard.core.guard.*;
            import org.entryguard.core.ledger.*;
            import org.entryguard.core.rules.*;
            import org.entryguard.camera.*;
            import org.entryguard.alerts.*;
            import java.net.URI;
            import java.nio.file.Path;
            import java.time.Duration;

            class ReadmeSnippets {
                static byte[] bgrBytes;
                static int width;
                static int height;
                static ImageFrame frame;
                static Venue venue;
                static String visitId;
                static AlertSink sink;
                static VenueRules rules;
                static byte[] nv12;
                static org.bytedeco.opencv.opencv_core.Mat mat;
            """;

    @TempDir
    Path tmp;

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertTrue(blocks.size() >= 3, "the README's SDK snippets: " + blocks.size());
        StringBuilder src = new StringBuilder(PRELUDE);
        for (int i = 0; i < blocks.size(); i++) {
            src.append("    void snippet").append(i).append("() throws Exception {\n").append(blocks.get(i)).append("    }\n");
        }
        src.append("}\n");
        Path file = tmp.resolve("ReadmeSnippets.java");
        Files.writeString(file, src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-proc:none", "-d", tmp.toString(), "-classpath", cp, file.toString());
        assertEquals(0, rc, "a README snippet does not compile:\n" + err.toString(StandardCharsets.UTF_8) + "\n" + src);
    }
}
