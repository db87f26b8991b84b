package org.entryguard.core.internal;

import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;

/** Detection regions: clipping a caller's region to whole frame pixels. */
public final class Regions {
    private Regions() {
    }

    /** The region clipped to the frame, as whole pixels {x, y, w, h}. */
    public static int[] clip(ImageFrame frame, FaceBox region) {
        int x0 = Math.max(0, (int) Math.floor(region.x()));
        int y0 = Math.max(0, (int) Math.floor(region.y()));
        int x1 = Math.min(frame.width(), (int) Math.ceil(region.right()));
        int y1 = Math.min(frame.height(), (int) Math.ceil(region.bottom()));
        if (x1 - x0 < 1 || y1 - y0 < 1 || !Float.isFinite(region.area())) {
            throw new IllegalArgumentException("Detection region " + region + " does not overlap the " + frame.width() + "x"
                    + frame.height() + " frame; give it in frame pixels (x, y, width, height) inside the frame");
        }
        return new int[] {x0, y0, x1 - x0, y1 - y0};
    }
}
