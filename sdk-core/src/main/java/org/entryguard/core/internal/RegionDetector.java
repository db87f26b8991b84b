package org.entryguard.core.internal;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;

import java.util.List;

/**
 * A bundled detector that resizes straight from a rectangle of the frame: the whole frame and a detection
 * region are the same code path, without copying the region out.
 */
abstract class RegionDetector implements FaceDetector {

    @Override
    public final List<Face> detect(ImageFrame frame) {
        return detect(frame, 0, 0, frame.width(), frame.height());
    }

    @Override
    public final List<Face> detect(ImageFrame frame, FaceBox region) {
        int[] r = Regions.clip(frame, region);
        return detect(frame, r[0], r[1], r[2], r[3]);
    }

    /** Detects in the rectangle (whole frame pixels, inside the frame); boxes in frame pixels. */
    protected abstract List<Face> detect(ImageFrame frame, int rx, int ry, int w, int h);
}
