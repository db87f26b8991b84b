package org.entryguard.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing, empty, truncated, foreign or wrong-shaped model fails at build time with a message naming it. */
class ModelLoadingTest {
    @TempDir
    Path tmp;

    private static byte[] bundled(String resource) throws Exception {
        try (InputStream in = ModelLoadingTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void bundledModelsLoadWithZeroConfiguration() {
        try (FaceDetector d = FaceDetector.custom().build();
             FaceDetector ssd = FaceDetector.custom().model(DetectorModel.SSD_MOBILENET_V1).build();
             AgeEstimator a = AgeEstimator.custom().build()) {
            assertTrue(d.detect(ImageFrame.of(new byte[32 * 32 * 3], 32, 32, PixelFormat.RGB)).isEmpty());
            assertTrue(ssd.detect(ImageFrame.of(new byte[32 * 32 * 3], 32, 32, PixelFormat.RGB)).isEmpty());
            assertFalse(Float.isNaN(a.estimate(ImageFrame.of(new byte[32 * 32 * 3], 32, 32, PixelFormat.RGB),
                    new FaceBox(0, 0, 32, 32)).age()));
        }
    }

    @Test
    void missingFileNamesThePathAndTheContract() {
        Path missing = tmp.resolve("no-such-model.onnx");
        var e = assertThrows(ModelException.class, () -> FaceDetector.custom().modelFile(missing).build());
        assertTrue(e.getMessage().contains("no-such-model.onnx") && e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("input float32[1,?,?,3]"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.onnx"));
        var e = assertThrows(ModelException.class, () -> AgeEstimator.custom().modelFile(empty).build());
        assertTrue(e.getMessage().contains("empty.onnx") && e.getMessage().contains("0 bytes"), e.getMessage());
    }

    @Test
    void truncatedModelIsRefusedNamingTheFile() throws Exception {
        byte[] full = bundled(DetectorModel.TINY_FACE_DETECTOR.resource());
        Path cut = tmp.resolve("tiny-truncated.onnx");
        Files.write(cut, Arrays.copyOf(full, full.length / 3));
        var e = assertThrows(ModelException.class, () -> FaceDetector.custom().modelFile(cut).build());
        assertTrue(e.getMessage().contains("tiny-truncated.onnx") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void notAnOnnxFileIsRefused() {
        var e = assertThrows(ModelException.class, () -> FaceDetector.custom()
                .modelStream(new ByteArrayInputStream("<html>404 not found</html>".getBytes())).build());
        assertTrue(e.getMessage().contains("not a valid ONNX model"), e.getMessage());
    }

    @Test
    void wrongModelNamesExpectedAndFoundContracts() throws Exception {
        // the age model handed to the detector builder: valid ONNX, wrong contract
        Path age = tmp.resolve("age_gender.onnx");
        Files.write(age, bundled("/org/entryguard/models/age_gender.onnx"));
        var e = assertThrows(ModelException.class, () -> FaceDetector.custom().modelFile(age).build());
        String m = e.getMessage();
        assertTrue(m.contains("age_gender.onnx") && m.contains("TinyFaceDetector"), m);
        assertTrue(m.contains("expected input float32[1,?,?,3] -> output float32[1,?,?,?]"), m);
        assertTrue(m.contains("found input float32[1,112,112,3]"), m);
    }

    @Test
    void badSettingsAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> FaceDetector.custom().inputSize(100).build());
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceDetector.custom().minScore(1.5f));
        assertThrows(IllegalArgumentException.class,
                () -> FaceDetector.custom().model(DetectorModel.SSD_MOBILENET_V1).inputSize(416).build());
    }
}
