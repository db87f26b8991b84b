package org.entryguard.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.TinyFaceDetector;
import org.entryguard.core.testing.SharedData;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Java pipeline reproduces the ORIGINAL face-api.js models (tfjs, pure-JS CPU backend) on the same
 * decoded pixels: boxes, scores and ages within 1e-3, each stage's tensors within float noise. The reference
 * numbers were made by tools/models/reference.mjs (see tools/models/README.md); any later optimisation that
 * changes the numbers fails here.
 */
class GoldenTest {
    private static final double TOL = 1e-3;
    private static JsonNode astronaut;
    private static JsonNode facesPublic;
    private static FaceDetector tiny;
    private static FaceDetector ssd;
    private static AgeEstimator age;

    @BeforeAll
    static void load() throws Exception {
        ObjectMapper m = new ObjectMapper();
        try (InputStream a = GoldenTest.class.getResourceAsStream("/golden/astronaut.json");
             InputStream f = GoldenTest.class.getResourceAsStream("/golden/faces-public-canvas3.json")) {
            astronaut = m.readTree(a).get("images").get("astronaut.png");
            facesPublic = m.readTree(f);
        }
        tiny = FaceDetector.custom().model(DetectorModel.TINY_FACE_DETECTOR).inputSize(416).build();
        ssd = FaceDetector.custom().model(DetectorModel.SSD_MOBILENET_V1).build();
        age = AgeEstimator.custom().faceApiCompatible().build();
    }

    @AfterAll
    static void close() {
        tiny.close();
        ssd.close();
        age.close();
    }

    @Test
    void decodedPixelsAreTheOnesTheReferenceUsed() throws Exception {
        assertEquals(astronaut.get("rgbSha256").asText(), rgbSha256(TestImages.astronaut()),
                "ImageIO decoded astronaut.png differently from the reference: goldens are not comparable");
    }

    @Test
    void tinyDetectorStagesMatchTensorflow() {
        ImageFrame f = TestImages.astronaut();
        tiny.detect(f);
        JsonNode st = astronaut.get("stages").get("tinyFaceDetector416");
        FloatBuffer in = ((TinyFaceDetector) tiny).lastInput();
        assertSummary(st.get("input"), in, 1e-4, "detector input (pad + TF bilinear resize)");
        assertSummary(st.get("output"), ((TinyFaceDetector) tiny).lastOutput(), 2e-4, "raw detector output");
    }

    @Test
    void astronautMatchesFaceApiWithBothDetectors() {
        ImageFrame f = TestImages.astronaut();
        assertFaces(astronaut.get("tinyFaceDetector").get("faces"), tiny, f, "astronaut/tiny");
        assertFaces(astronaut.get("ssdMobilenetv1").get("faces"), ssd, f, "astronaut/ssd");
    }

    @Test
    void ageNetInputMatchesTensorflow() {
        ImageFrame f = TestImages.astronaut();
        Face face = tiny.detect(f).get(0);
        age.estimate(f, face.box());
        JsonNode st = astronaut.get("stages").get("tinyFaceDetectorFaces").get(0);
        assertSummary(st.get("input112"), ((AgeGenderEstimator) age).lastInput(), 1e-4, "112x112 age input");
        assertEquals(st.get("ageRaw").get(0).asDouble(), age.estimate(f, face.box()).age(), TOL);
    }

    @Test
    void realFacesOnACanvasMatchFaceApi() throws Exception {
        Path dir = SharedData.facesPublic();
        JsonNode images = facesPublic.get("images");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = images.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Path photo = dir.resolve(e.getKey());
            if (!Files.exists(photo)) {
                continue;
            }
            ImageFrame canvas = ImageFiles.onCanvas(ImageFiles.read(photo), 3);
            assertEquals(e.getValue().get("rgbSha256").asText(), rgbSha256(canvas), e.getKey() + ": canvas pixels differ");
            assertFaces(e.getValue().get("tinyFaceDetector").get("faces"), tiny, canvas, e.getKey() + "/tiny");
            assertFaces(e.getValue().get("ssdMobilenetv1").get("faces"), ssd, canvas, e.getKey() + "/ssd");
            checked++;
        }
        assertEquals(images.size(), checked, "every golden photo must be present in ../shared/data/faces-public");
    }

    private static void assertFaces(JsonNode expected, FaceDetector detector, ImageFrame f, String what) {
        List<Face> faces = detector.detect(f);
        assertEquals(expected.size(), faces.size(), what + ": number of faces");
        for (int i = 0; i < faces.size(); i++) {
            JsonNode e = expected.get(i);
            FaceBox b = faces.get(i).box();
            JsonNode eb = e.get("box");
            assertEquals(eb.get("x").asDouble(), b.x(), TOL, what + " face " + i + " x");
            assertEquals(eb.get("y").asDouble(), b.y(), TOL, what + " face " + i + " y");
            assertEquals(eb.get("width").asDouble(), b.width(), TOL, what + " face " + i + " width");
            assertEquals(eb.get("height").asDouble(), b.height(), TOL, what + " face " + i + " height");
            assertEquals(e.get("score").asDouble(), faces.get(i).score(), TOL, what + " face " + i + " score");
            assertEquals(e.get("age").asDouble(), age.estimate(f, b).age(), TOL, what + " face " + i + " age");
        }
    }

    private static void assertSummary(JsonNode expected, FloatBuffer actual, double tol, String what) {
        JsonNode first = expected.get("first16");
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).asDouble(), actual.get(i), tol * Math.max(1, Math.abs(first.get(i).asDouble())),
                    what + " value " + i);
        }
        long n = 1;
        for (JsonNode d : expected.get("shape")) {
            n *= d.asLong();
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += actual.get(i);
        }
        double want = expected.get("sum").asDouble();
        assertEquals(want, sum, Math.max(1e-6 * Math.abs(want), tol * Math.sqrt(n)), what + " sum");
    }

    private static String rgbSha256(ImageFrame f) throws Exception {
        byte[] rgb = new byte[f.width() * f.height() * 3];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int s = y * f.stride() + x * 3;
                int o = (y * f.width() + x) * 3;
                boolean bgr = f.format() == PixelFormat.BGR;
                rgb[o] = f.data()[bgr ? s + 2 : s];
                rgb[o + 1] = f.data()[s + 1];
                rgb[o + 2] = f.data()[bgr ? s : s + 2];
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
    }
}
