package org.entryguard.examples.evaluation;

import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.RescaleOp;

/**
 * Turns one labelled photo into a short synthetic door visit: the person walks from the top of a grey canvas
 * across its middle line towards the camera (growing, drifting, turning ±4°, brightness changing), with one
 * blurred frame and one frame where the face is missing, then leaves the view. Used by {@code evaluate
 * --sequences} to measure per-visit decisions; augmented views of one photo are not independent shots, so
 * this shows stability and fusion mechanics, not how much real multi-shot evidence would help.
 *
 * <p>Frames are rendered into one reused BGR buffer, like a camera: each returned frame is valid until the next.
 */
public final class VisitSimulator {
    /** Frames in which the person is visible. */
    public static final int FRAMES = 12;
    /** Empty frames after the person has passed. */
    public static final int TAIL = 8;
    /** Time between frames (10 frames/s). */
    public static final long FRAME_MILLIS = 100;

    private final BufferedImage canvas;
    private final double side0;
    private final double side1;

    /**
     * @param width canvas width
     * @param height canvas height
     * @param side0 side of the photo (pixels) on the first frame
     * @param side1 side on the last frame
     */
    public VisitSimulator(int width, int height, double side0, double side1) {
        this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.side0 = side0;
        this.side1 = side1;
    }

    /** Total frames of one visit ({@link #FRAMES} + {@link #TAIL}). */
    public int frames() {
        return FRAMES + TAIL;
    }

    /**
     * Frame {@code i} of a visit by {@code photo} (BGR or any type), stamped {@code start + i·100 ms}.
     *
     * @param blurred the same photo blurred (see {@link #blur}), used on frame 5
     */
    public ImageFrame frame(int i, BufferedImage photo, BufferedImage blurred, long start, String cameraId) {
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (i < FRAMES && i != 7) {
            double f = i / (double) (FRAMES - 1);
            double cx = canvas.getWidth() / 2.0 + 0.05 * side0 * Math.sin(Math.PI * f);
            double cy = canvas.getHeight() * (0.22 + 0.5 * f);
            double side = side0 + (side1 - side0) * f;
            double rot = 4 * Math.sin(2 * Math.PI * f);
            float brightness = (float) (0.85 + 0.3 * f);
            BufferedImage src = i == 5 ? blurred : photo;
            BufferedImage lit = new RescaleOp(brightness, 0f, null).filter(src, null);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            double s = side / src.getWidth();
            AffineTransform at = new AffineTransform();
            at.translate(cx, cy);
            at.rotate(Math.toRadians(rot));
            at.scale(s, s);
            at.translate(-src.getWidth() / 2.0, -src.getHeight() / 2.0);
            g.drawImage(lit, at, null);
        }
        g.dispose();
        return ImageFiles.toFrame(canvas, cameraId).withTimestamp(start + i * FRAME_MILLIS, cameraId);
    }

    /** A photo as a 3-byte BGR image (what the renderer draws fastest). */
    public static BufferedImage bgr(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Separable Gaussian blur (motion-blur stand-in). */
    public static BufferedImage blur(BufferedImage src, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) Math.exp(-(i - r) * (i - r) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        BufferedImage a = new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(src, null);
        return new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(a, null);
    }
}
