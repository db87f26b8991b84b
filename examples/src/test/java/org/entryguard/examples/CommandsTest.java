package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.entryguard.core.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream o() { return new PrintStream(out, true, StandardCharsets.UTF_8); }

    private PrintStream e() { return new PrintStream(err, true, StandardCharsets.UTF_8); }

    private Path sample() throws Exception {
        Path p = tmp.resolve("astronaut.png");
        try (InputStream in = getClass().getResourceAsStream(CheckCommand.SAMPLE)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void checkRefusesATruncatedJpegInsteadOfScoringIt() throws Exception {
        // the sample as a JPEG, cut to a third (issue 16 item 10: it was scored ADULT on its grey remainder)
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(sample().toFile());
        java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(img.getWidth(), img.getHeight(),
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        Path whole = tmp.resolve("whole.jpg");
        javax.imageio.ImageIO.write(rgb, "jpg", whole.toFile());
        byte[] all = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 3));
        assertEquals(1, CheckCommand.run(new String[] {cut.toString()}, o(), e()));
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertTrue(line.get("error").asText().contains("truncated"), line.toString());
        assertTrue(!line.has("decision"), line.toString());
    }

    @Test
    void checkWithoutArgumentsUsesTheBundledSample() throws Exception {
        assertEquals(0, CheckCommand.run(new String[0], o(), e()));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        JsonNode face = new ObjectMapper().readTree(lines.get(0));
        assertEquals("ADULT", face.get("decision").asText());
        assertTrue(face.get("age").asDouble() > 25, face.toString());
        assertTrue(face.get("box").get("width").asDouble() > 50, face.toString());
        assertEquals(25, face.get("challengeAge").asInt());
    }

    @Test
    void checkReportsUnreadableFilesAndGoesOn() throws Exception {
        Path bad = Files.writeString(tmp.resolve("broken.jpg"), "not a jpeg");
        int rc = CheckCommand.run(new String[] {bad.toString(), sample().toString()}, o(), e());
        assertEquals(1, rc, "a failed photo makes the run fail");
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"error\"") && lines.get(0).contains("broken.jpg"), lines.get(0));
        assertTrue(lines.get(1).contains("\"age\""), lines.get(1));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("[2/2]"), "progress is printed");
    }

    @Test
    void challengeAgeChangesTheDecision() throws Exception {
        assertEquals(0, CheckCommand.run(new String[] {"--challenge-age", "90", sample().toString()}, o(), e()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"decision\":\"CHECK_ID\""), out.toString());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, Main.run(new String[] {"frobnicate"}));
        assertEquals(2, Main.run(new String[] {"check", "--challenge-age", "abc"}));
        assertEquals(2, Main.run(new String[] {"check", "--input-size", "100"}));
        assertEquals(2, Main.run(new String[] {"evaluate"}));
        assertEquals(2, Main.run(new String[] {"evaluate", "--occlusion", "maybe", "x"}));
        assertEquals(2, Main.run(new String[] {"evaluate", "--occlusion-threshold", "abc", "x"}));
        assertEquals(2, Main.run(new String[] {"evaluate", "--occlusion-threshold", "3", "x"}));
        assertEquals(2, Main.run(new String[] {"evaluate", "--synthetic-sunglasses", "1.5", "x"}));
    }

    @Test
    void evaluateOcclusionRefusesPaintedSunglassesOnly() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("occ"));
        Files.copy(sample(), folder.resolve("a.png"));
        Files.writeString(folder.resolve("labels.csv"), "file,age\na.png,41\n");
        Path clean = tmp.resolve("occ-clean");
        assertEquals(0, EvaluateCommand.run(new String[] {"--occlusion", "on", "--out", clean.toString(), folder.toString()}, o(), e()));
        JsonNode r = new ObjectMapper().readTree(clean.resolve("report.json").toFile());
        assertEquals(0.0, r.get("pminor_with_occlusion_check").get("refused_all").asDouble(), r.toString());
        assertTrue(Files.readString(clean.resolve("occlusion.csv")).startsWith("file,half,age,found,eye_visibility"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("<- threshold"), out.toString());
        Path shades = tmp.resolve("occ-shades");
        assertEquals(0, EvaluateCommand.run(new String[] {"--occlusion", "on", "--synthetic-sunglasses", "on", "--out", shades.toString(),
                folder.toString()}, o(), e()));
        r = new ObjectMapper().readTree(shades.resolve("report.json").toFile());
        assertEquals(1, r.get("n").asInt() - r.get("missed").asInt(), "the face is still found: " + r);
        assertEquals(1.0, r.get("pminor_with_occlusion_check").get("refused_all").asDouble(), r.toString());
        assertEquals(0.0, r.get("pminor_with_occlusion_check").get("adults_30plus_passed").asDouble(), "refused = CHECK_ID: " + r);
    }

    @Test
    void evaluateWritesTheReportOnALabelledFolder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("set"));
        Files.copy(sample(), folder.resolve("a.png"));
        Files.writeString(folder.resolve("blank.png"), "");
        Files.writeString(folder.resolve("labels.csv"), "file,age,race\na.png,41,0\nblank.png,15,2\n");
        Path outDir = tmp.resolve("report");
        assertEquals(0, EvaluateCommand.run(new String[] {"--out", outDir.toString(), folder.toString()}, o(), e()));
        JsonNode r = new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
        assertEquals(2, r.get("n").asInt());
        assertEquals(1, r.get("missed").asInt(), "the unreadable photo counts as missed");
        assertTrue(r.get("mae_by_band").has("41+"));
        assertTrue(r.get("adults_30plus_passed").asDouble() == 1.0, r.toString());
        assertEquals(13, r.get("curve").size());
        assertTrue(Files.size(outDir.resolve("scatter.png")) > 1000);
        assertTrue(Files.size(outDir.resolve("curve.png")) > 1000);
    }

    @Test
    @Tag("slow")
    void evaluateOnTheSharedRealFaces() throws Exception {
        Path faces = SharedData.facesPublic();
        Path outDir = tmp.resolve("shared");
        assertEquals(0, EvaluateCommand.run(new String[] {"--canvas", "3", "--limit", "120", "--out", outDir.toString(),
                faces.toString()}, o(), e()));
        JsonNode r = new ObjectMapper().readTree(outDir.resolve("report.json").toFile());
        assertEquals(120, r.get("n").asInt());
        assertTrue(r.get("missed").asInt() < 12, "on a 3x canvas the detector finds >90% of faces: " + r);
        assertTrue(r.get("mae").asDouble() < 10, r.toString());
    }
}
