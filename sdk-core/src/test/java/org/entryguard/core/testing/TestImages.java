package org.entryguard.core.testing;

import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Image fixtures for tests, decoded with ImageIO (the decoder the golden references were made with). */
public final class TestImages {
    private TestImages() {
    }

    /** The bundled public-domain sample (NASA astronaut portrait, 512×512). */
    public static ImageFrame astronaut() {
        try (InputStream in = TestImages.class.getResourceAsStream("/samples/astronaut.png")) {
            if (in == null) {
                throw new IllegalStateException("test resource /samples/astronaut.png missing");
            }
            return ImageFiles.read(in, "astronaut.png", ImageFiles.DEFAULT_MAX_PIXELS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's face as the default detector finds it. */
    public static FaceBox astronautFace(ImageFrame astronaut) {
        try (FaceDetector d = FaceDetector.builder().build()) {
            return d.detect(astronaut).get(0).box();
        }
    }

    /** Reads an image file. */
    public static ImageFrame read(Path file) {
        return ImageFiles.read(file);
    }

    /** See {@link ImageFiles#onCanvas}. */
    public static ImageFrame onCanvas(ImageFrame face, int k) {
        return ImageFiles.onCanvas(face, k);
    }
}
