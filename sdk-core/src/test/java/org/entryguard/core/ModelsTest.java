package org.entryguard.core;

import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    @Test
    void oneSetOfModelsServesPredictorsPerThreadThatAgreeWithTheDirectPath() throws Exception {
        ImageFrame photo = TestImages.astronaut();
        FaceBox box = TestImages.astronautFace(photo);
        AgeEstimate direct;
        try (AgeEstimator e = AgeEstimator.custom().build()) {
            direct = e.estimate(photo, box);
        }
        try (Models models = Models.ofDefaults()) {
            float[] ages = new float[2];
            Thread[] threads = new Thread[2];
            for (int i = 0; i < threads.length; i++) {
                int k = i;
                threads[i] = new Thread(() -> {
                    try (FaceDetector d = models.newDetector(); LandmarkDetector l = models.newLandmarks();
                         AgeEstimator e = models.newEstimator()) {
                        Face f = d.detect(photo).get(0);
                        ages[k] = e.estimate(photo, f.box(), l.detect(photo, f.box())).age();
                    }
                });
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(ages[0], ages[1], "predictors of one model agree");
            try (FaceDetector d = models.newDetector(); LandmarkDetector l = models.newLandmarks();
                 AgeEstimator e = models.newEstimator()) {
                assertEquals(direct, e.estimate(photo, box, l.detect(photo, box)), "detect → landmarks → age = the direct path");
                assertTrue(d.detect(photo).size() == 1);
            }
        }
        var bad = assertThrows(ModelException.class,
                () -> Models.custom().landmarkModelFile(Path.of("no-such-landmarks.onnx")).build());
        assertTrue(bad.getMessage().contains("no-such-landmarks.onnx"), bad.getMessage());
    }
}
