package org.entryguard.core;

import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) throws Exception {
        return Path.of(ImageFilesTest.class.getResource("/images/" + name).toURI());
    }

    @Test
    void readsPngAsPackedPixels() {
        ImageFrame f = TestImages.astronaut();
        assertEquals(512, f.width());
        assertEquals(512, f.height());
        assertEquals(512 * 3, f.stride());
    }

    @Test
    void grayscaleBecomesThreeEqualChannels() throws Exception {
        ImageFrame f = ImageFiles.read(resource("astronaut-face-gray.png"));
        assertEquals(90, f.width());
        byte[] d = f.data();
        for (int i = 0; i < 300; i += 3) {
            assertEquals(d[i], d[i + 1]);
            assertEquals(d[i + 1], d[i + 2]);
        }
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        // fixture written by PIL from the RGB astronaut crop; PIL decodes pixel (45,50) back to (227,189,159)
        ImageFrame f = ImageFiles.read(resource("astronaut-face-cmyk.jpg"));
        assertEquals(PixelFormat.RGB, f.format());
        int o = (50 * f.width() + 45) * 3;
        int[] expected = {227, 189, 159};
        for (int c = 0; c < 3; c++) {
            int got = f.data()[o + c] & 0xFF;
            assertTrue(Math.abs(got - expected[c]) <= 3, "channel " + c + " = " + got + ", expected ~" + expected[c]);
        }
    }

    @Test
    void corruptFileNamesTheFile() throws IOException {
        Path bad = tmp.resolve("garbage.jpg");
        Files.write(bad, "this is not a picture".getBytes());
        var e = assertThrows(ImageFormatException.class, () -> ImageFiles.read(bad));
        assertTrue(e.getMessage().contains("garbage.jpg") && e.getMessage().contains("not a supported image"), e.getMessage());
    }

    @Test
    void truncatedJpegIsReportedAsCorrupt() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Path full = tmp.resolve("full.jpg");
        ImageIO.write(img, "jpg", full.toFile());
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(bytes, 200));
        // ImageIO either fails or fills the rest with grey; both must be handled without a raw exception
        try {
            ImageFrame f = ImageFiles.read(cut);
            assertEquals(64, f.width());
        } catch (ImageFormatException e) {
            assertTrue(e.getMessage().contains("cut.jpg"), e.getMessage());
        }
    }

    @Test
    void missingFileAndDirectoryAreClear() {
        var missing = assertThrows(ImageFormatException.class, () -> ImageFiles.read(tmp.resolve("nope.png")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        var dir = assertThrows(ImageFormatException.class, () -> ImageFiles.read(tmp));
        assertTrue(dir.getMessage().contains("directory"), dir.getMessage());
    }

    @Test
    void oversizedPictureIsRefusedBeforeDecoding() throws IOException {
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
        Path p = tmp.resolve("big.png");
        ImageIO.write(img, "png", p.toFile());
        var e = assertThrows(ImageFormatException.class, () -> ImageFiles.read(p, 10_000));
        assertTrue(e.getMessage().contains("300x200") && e.getMessage().contains("scale it down"), e.getMessage());
    }

    @Test
    void canvasPlacesTheCropInTheMiddle() {
        byte[] px = new byte[2 * 2 * 3];
        Arrays.fill(px, (byte) 7);
        ImageFrame c = ImageFiles.onCanvas(ImageFrame.of(px, 2, 2, PixelFormat.RGB), 3);
        assertEquals(6, c.width());
        assertEquals(128, c.data()[0] & 0xFF);
        assertEquals(7, c.data()[(2 * 6 + 2) * 3]);
        assertEquals(128, c.data()[(2 * 6 + 4) * 3] & 0xFF);
    }
}
