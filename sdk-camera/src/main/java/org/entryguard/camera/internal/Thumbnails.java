package org.entryguard.camera.internal;

import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Face thumbnails of open ID checks, for the staff station: in memory only (never written), dropped when the check
 * is resolved or expires, at most {@code capacity} (the oldest go first). Thread-safe.
 */
public final class Thumbnails {
    /** Longest side of a thumbnail, pixels. */
    public static final int SIDE = 160;

    private final int capacity;
    private final Map<String, BufferedImage> byVisit = new LinkedHashMap<>();

    public Thumbnails(int capacity) {
        this.capacity = capacity;
    }

    /** Copies the face (with a margin) out of the frame, scaled to at most {@link #SIDE}; the frame may be reused after. */
    public void put(String visitId, ImageFrame frame, FaceBox box) {
        if (box == null || (frame.format() != PixelFormat.BGR && frame.format() != PixelFormat.RGB)) {
            return;
        }
        float m = 0.25f;
        int x0 = clamp((int) (box.x() - m * box.width()), frame.width());
        int y0 = clamp((int) (box.y() - m * box.height()), frame.height());
        int x1 = clamp((int) Math.ceil(box.x() + (1 + m) * box.width()), frame.width());
        int y1 = clamp((int) Math.ceil(box.y() + (1 + m) * box.height()), frame.height());
        int w = x1 - x0;
        int h = y1 - y0;
        if (w < 2 || h < 2) {
            return;
        }
        double s = Math.min(1.0, (double) SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * s));
        int th = Math.max(1, (int) Math.round(h * s));
        BufferedImage img = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        byte[] d = frame.data();
        boolean bgr = frame.format() == PixelFormat.BGR;
        for (int ty = 0; ty < th; ty++) {
            int sy = y0 + Math.min(h - 1, (int) (ty / s));
            for (int tx = 0; tx < tw; tx++) {
                int sx = x0 + Math.min(w - 1, (int) (tx / s));
                int o = sy * frame.stride() + sx * 3;
                int c0 = d[o] & 0xff;
                int c1 = d[o + 1] & 0xff;
                int c2 = d[o + 2] & 0xff;
                int r = bgr ? c2 : c0;
                int b = bgr ? c0 : c2;
                img.setRGB(tx, ty, (r << 16) | (c1 << 8) | b);
            }
        }
        synchronized (this) {
            byVisit.put(visitId, img);
            if (byVisit.size() > capacity) {
                Iterator<String> it = byVisit.keySet().iterator();
                it.next();
                it.remove();
            }
        }
    }

    /** A copy of the visit's thumbnail, if one is held. */
    public synchronized Optional<BufferedImage> get(String visitId) {
        BufferedImage img = byVisit.get(visitId);
        if (img == null) {
            return Optional.empty();
        }
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.setData(img.getData());
        return Optional.of(copy);
    }

    /** Forgets the visit's thumbnail. */
    public synchronized void remove(String visitId) {
        byVisit.remove(visitId);
    }

    /** How many are held. */
    public synchronized int size() { return byVisit.size(); }

    /** Forgets them all. */
    public synchronized void clear() { byVisit.clear(); }

    private static int clamp(int v, int max) { return Math.max(0, Math.min(max, v)); }
}
