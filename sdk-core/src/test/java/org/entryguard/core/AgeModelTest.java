package org.entryguard.core;

import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.OnnxModel;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two bundled age networks: same contract, own calibration each, face-api's stays exact. */
class AgeModelTest {
    private static ImageFrame frame;
    private static FaceBox box;

    @BeforeAll
    static void detect() {
        frame = TestImages.astronaut();
        box = TestImages.astronautFace(frame);
    }

    @Test
    void bothModelsMeetTheSameContractAndHaveTheirOwnCalibration() {
        for (AgeModel m : AgeModel.values()) {
            OnnxModel onnx = OnnxModel.loadResource(m.resource(), AgeGenderEstimator.CONTRACT, 1);
            onnx.release();
            AgeCalibration c = AgeCalibration.ofDefaults(m);
            assertTrue(c.size() >= 10, m + ": " + c);
            assertTrue(c.description().contains(m.calibrationResource()), c.description());
            assertTrue(c.minorProbability(8f, 18) > 0.9, m + " calls a raw 8 a likely minor");
            assertTrue(c.minorProbability(50f, 18) < 0.01, m + " calls a raw 50 an adult");
        }
        assertNotEquals(AgeCalibration.ofDefaults(AgeModel.FACE_API).toCsv(), AgeCalibration.ofDefaults(AgeModel.DOOR).toCsv());
        assertEquals(AgeCalibration.ofDefaults(AgeEstimatorBuilder.DEFAULT_MODEL), AgeCalibration.ofDefaults());
    }

    @Test
    void theModelIsSelectableAndTheCalibrationFollowsIt() {
        try (AgeEstimator face = AgeEstimator.custom().model(AgeModel.FACE_API).uncalibrated().build();
             AgeEstimator door = AgeEstimator.custom().model(AgeModel.DOOR).uncalibrated().build();
             AgeEstimator doorCal = AgeEstimator.custom().model(AgeModel.DOOR).build();
             AgeEstimator faceCal = AgeEstimator.custom().model(AgeModel.FACE_API).build();
             AgeEstimator compat = AgeEstimator.custom().model(AgeModel.DOOR).faceApiCompatible().build();
             AgeEstimator exact = AgeEstimator.custom().faceApiCompatible().build()) {
            float rf = face.estimate(frame, box).age();
            float rd = door.estimate(frame, box).age();
            assertNotEquals(rf, rd, "the fine-tuned network gives another raw age");
            assertEquals(AgeCalibration.ofDefaults(AgeModel.DOOR).apply(rd), doorCal.estimate(frame, box));
            assertEquals(AgeCalibration.ofDefaults(AgeModel.FACE_API).apply(rf), faceCal.estimate(frame, box));
            assertEquals(exact.estimate(frame, box), compat.estimate(frame, box), "faceApiCompatible() always means face-api's network");
        }
    }

    @Test
    void theDoorModelFileLoadsThroughModelFileToo() throws Exception {
        Path tmp = Files.createTempFile("door", ".onnx");
        try (InputStream in = AgeModel.class.getResourceAsStream(AgeModel.DOOR.resource())) {
            assertNotNull(in);
            Files.write(tmp, in.readAllBytes());
            try (AgeEstimator a = AgeEstimator.custom().modelFile(tmp).calibration(AgeCalibration.ofDefaults(AgeModel.DOOR)).build();
                 AgeEstimator b = AgeEstimator.custom().model(AgeModel.DOOR).build()) {
                assertEquals(b.estimate(frame, box), a.estimate(frame, box));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void theDoorModelCarriesItsTermsInTheFile() throws Exception {
        byte[] bytes;
        try (InputStream in = AgeModel.class.getResourceAsStream(AgeModel.DOOR.resource())) {
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("research-only"), "the licence metadata names the inherited research-only terms");
        assertEquals(64, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).length());
    }
}
