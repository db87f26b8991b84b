package org.entryguard.core.testing;

import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

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
        try (FaceDetector d = FaceDetector.custom().build()) {
            return d.detect(astronaut).get(0).box();
        }
    }

    /** The picture as tightly packed pixels in {@code format}'s channel order (a copy). */
    public static ImageFrame packed(ImageFrame f, PixelFormat format) {
        byte[] out = new byte[f.width() * f.height() * 3];
        boolean swap = f.format() != format;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int s = y * f.stride() + x * 3;
                int d = (y * f.width() + x) * 3;
                out[d] = f.data()[s + (swap ? 2 : 0)];
                out[d + 1] = f.data()[s + 1];
                out[d + 2] = f.data()[s + (swap ? 0 : 2)];
            }
        }
        return ImageFrame.of(out, f.width(), f.height(), format);
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
