package org.entryguard.core;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Decodes still images (JPEG, PNG, BMP, GIF) into {@link ImageFrame}s with {@code javax.imageio}, the decoder
 * the golden reference outputs were made with. Every failure is an {@link ImageFormatException} that names
 * the file, the problem and the fix.
 */
public final class ImageFiles {
    /** Largest picture accepted by default: 8K UHD (7680×4320) and a bit more; protects against decompression bombs. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /**
     * Longest side accepted: a 39 999 999×1 picture passes the pixel cap but made the decoder take 755 MB (row
     * buffers sized by the width); no camera or photo has a side over 16 384 px.
     */
    public static final int MAX_SIDE = 16_384;

    private ImageFiles() {
    }

    /** Reads an image file with the default pixel cap. */
    public static ImageFrame read(Path file) {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /** Reads an image file; pictures with more than {@code maxPixels} pixels are refused before decoding. */
    public static ImageFrame read(Path file, long maxPixels) {
        return read(file, maxPixels, false);
    }

    /**
     * Reads an image file; with {@code requireComplete} a JPEG the decoder reports as cut short ("premature end")
     * is refused instead of decoded with its missing part painted grey (which a face detector may still score).
     */
    public static ImageFrame read(Path file, long maxPixels, boolean requireComplete) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ImageFormatException(name + " is a directory, not an image file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a FIFO blocks until someone writes to it: a file named photo.jpg must not hang the caller
            throw new ImageFormatException(name + " is not a regular file (a FIFO, device or socket); give a photo file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, maxPixels, requireComplete);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(name + " does not exist; check the path");
        } catch (IOException e) {
            throw new ImageFormatException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an image from a stream (not closed); {@code name} is used in error messages and as source id. */
    public static ImageFrame read(InputStream in, String name, long maxPixels) {
        return read(in, name, maxPixels, false);
    }

    /** Like {@link #read(InputStream, String, long)}; see {@link #read(Path, long, boolean)} for {@code requireComplete}. */
    public static ImageFrame read(InputStream in, String name, long maxPixels, boolean requireComplete) {
        long[] size = {-1, -1};
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                throw new ImageFormatException("Cannot open " + name + " as an image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageFormatException(name + " is not a supported image (JPEG, PNG, BMP or GIF) or is corrupt; "
                        + "convert it to JPEG or PNG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                size[0] = w;
                size[1] = h;
                if (w * h > maxPixels) {
                    throw new ImageFormatException(name + " is " + w + "x" + h + " = " + (w * h) + " pixels, more than the "
                            + maxPixels + " allowed; scale it down (a face needs ~100 px) or raise the limit");
                }
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new ImageFormatException(name + " is " + w + "x" + h + " pixels: a side over " + MAX_SIDE
                            + " px is not a photo; crop or scale it down");
                }
                java.util.List<String> warnings = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (requireComplete) {
                    for (String warning : warnings) {
                        if (warning.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
                            throw new ImageFormatException(name + " is truncated (" + warning + "): part of the picture is"
                                    + " missing, so it is not checked; re-copy or re-export the file");
                        }
                    }
                }
                return toFrame(img, name);
            } finally {
                reader.dispose();
            }
        } catch (ImageFormatException e) {
            throw e;
        } catch (IIOException e) {
            if (outOfMemory(e)) {
                throw noMemory(name, size, e); // the PNG reader wraps it: "Caught exception during read"
            }
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unsupported Image Type") || msg.contains("CMYK") || msg.contains("YCCK")) {
                throw new ImageFormatException(name + " is a CMYK/YCCK JPEG, which is a print colour space; convert it to "
                        + "RGB (e.g. `convert in.jpg -colorspace sRGB out.jpg`)", e);
            }
            throw new ImageFormatException(name + " is corrupt or truncated (" + msg + "); re-export or re-copy the file", e);
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(name + " could not be decoded (" + e + "); it is corrupt or truncated", e);
        } catch (OutOfMemoryError e) {
            throw noMemory(name, size, e);
        }
    }

    private static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) return true;
        }
        return false;
    }

    /** Not "corrupt": the file may be fine and the heap too small (the decoder's buffers are freed on return). */
    private static ImageFormatException noMemory(String name, long[] size, Throwable e) {
        return new ImageFormatException("not enough memory to decode " + name
                + (size[0] >= 0 ? " (" + size[0] + "x" + size[1] + " pixels)" : "") + ": give the JVM more heap (-Xmx)"
                + " or scale the picture down", e);
    }

    /**
     * Packs a decoded image as a frame: 3-byte BGR rasters are wrapped without conversion, CMYK (print JPEGs)
     * is converted with the plain formula, everything else (grayscale, palette, alpha) goes through sRGB.
     */
    public static ImageFrame toFrame(BufferedImage img, String name) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR
                && img.getRaster().getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1 && db.getData().length == w * h * 3) {
            return ImageFrame.of(db.getData(), w, h, w * 3, PixelFormat.BGR, System.currentTimeMillis(), name);
        }
        byte[] rgb = new byte[w * h * 3];
        if (img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK
                && img.getRaster().getNumBands() == 4) {
            // print-colour JPEG: ImageIO hands out CMYK samples; convert naively (no ICC profile), as PIL does
            var raster = img.getRaster();
            int[] cmyk = new int[4 * w];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, cmyk);
                for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                    int k = 255 - cmyk[4 * x + 3];
                    rgb[o] = (byte) ((255 - cmyk[4 * x]) * k / 255);
                    rgb[o + 1] = (byte) ((255 - cmyk[4 * x + 1]) * k / 255);
                    rgb[o + 2] = (byte) ((255 - cmyk[4 * x + 2]) * k / 255);
                }
            }
            return ImageFrame.of(rgb, w, h, w * 3, PixelFormat.RGB, System.currentTimeMillis(), name);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                int p = row[x];
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return ImageFrame.of(rgb, w, h, w * 3, PixelFormat.RGB, System.currentTimeMillis(), name);
    }

    /**
     * Places a frame in the middle of a neutral grey canvas {@code k} times its size, as a door camera sees a
     * face: tight face crops (as in many age datasets) are otherwise missed by detectors tuned for scenes.
     * For a 200×200 crop and k=3 the canvas is 600×600 with the crop at (200, 200).
     */
    public static ImageFrame onCanvas(ImageFrame face, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("canvas factor must be ≥ 1, got " + k);
        }
        int w = face.width() * k;
        int h = face.height() * k;
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) 128);
        int ox = (w - face.width()) / 2;
        int oy = (h - face.height()) / 2;
        for (int y = 0; y < face.height(); y++) {
            System.arraycopy(face.data(), y * face.stride(), px, ((oy + y) * w + ox) * 3, face.width() * 3);
        }
        return ImageFrame.of(px, w, h, w * 3, face.format(), face.timestampMillis(), face.sourceId());
    }
}
