package org.entryguard.examples;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.AgeModel;
import org.entryguard.core.Face;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.entryguard.examples.evaluation.TrainingCrops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export-crops}: the crops a training run gets are the default estimator's own network input. */
class ExportCropsCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void exportsTheEstimatorsOwnCropOwnerOnly() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("set"));
        try (InputStream in = getClass().getResourceAsStream(CheckCommand.SAMPLE)) {
            Files.copy(in, folder.resolve("a.png"));
        }
        Files.writeString(folder.resolve("b.png"), "not an image");
        Files.writeString(folder.resolve("labels.csv"), "file,age,gender,race\na.png,41,1,0\nb.png,15,0,2\n");
        Path dir = tmp.resolve("crops");
        int rc = ExportCropsCommand.run(new String[] {"--out", dir.toString(), "--canvas", "1", "--threads", "1", folder.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unreadable"), "the bad file is named: " + err);

        List<String> csv = Files.readAllLines(dir.resolve("crops.csv"));
        assertEquals("index,set,file,age,gender,race,half,raw_age,detector_score", csv.get(0));
        assertEquals(2, csv.size(), "one row per found face: " + csv);
        String[] row = csv.get(1).split(",");
        assertEquals(List.of("0", "set", "a.png", "41", "female", "white"), List.of(row).subList(0, 6));
        byte[] crops = Files.readAllBytes(dir.resolve("crops.u8"));
        assertEquals(TrainingCrops.SIZE * TrainingCrops.SIZE * 3, crops.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("crops.u8"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

        // the exported crop, fed back through the same network unmirrored, gives the raw age in the CSV: the
        // crop is the estimator's own input (rounded to whole levels, which moves the age a little)
        ImageFrame frame = ImageFiles.read(folder.resolve("a.png"));
        float rawFromCsv = Float.parseFloat(row[7]);
        try (FaceDetector d = FaceDetector.custom().build();
             AgeEstimator raw = AgeEstimator.custom().model(AgeModel.FACE_API).flip(false).uncalibrated().build()) {
            Face f = d.detect(frame).stream().max(Comparator.comparingDouble(Face::score)).orElseThrow();
            assertEquals(raw.estimate(frame, f.box()).age(), rawFromCsv, 1e-3, "raw_age is the unmirrored network age");
            // the crop itself as a 112x112 frame: its whole area as the box, landmark crop off, gives ~ the same age
            byte[] bgr = new byte[crops.length];
            for (int i = 0; i < crops.length; i += 3) {
                bgr[i] = crops[i + 2];
                bgr[i + 1] = crops[i + 1];
                bgr[i + 2] = crops[i];
            }
            ImageFrame crop = ImageFrame.of(bgr, TrainingCrops.SIZE, TrainingCrops.SIZE, PixelFormat.BGR);
            try (AgeEstimator onCrop = AgeEstimator.custom().faceApiCompatible().build()) {
                float again = onCrop.estimate(crop, new org.entryguard.core.FaceBox(0, 0, TrainingCrops.SIZE, TrainingCrops.SIZE)).age();
                assertEquals(rawFromCsv, again, 1.0, "the exported pixels are the network input");
            }
        }
    }

    @Test
    void needsAnOutputFolder() {
        UsageException e = assertThrows(UsageException.class, () -> ExportCropsCommand.run(new String[] {tmp.toString()},
                new PrintStream(out), new PrintStream(err)));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
    }
}
