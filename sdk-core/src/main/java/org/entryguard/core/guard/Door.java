package org.entryguard.core.guard;

/**
 * Where the venue's inside is, so that only people coming in are judged. Coordinates are fractions of the
 * frame (0..1, origin top-left, y down), so one door works at any camera resolution. A track's position is
 * the centre of its face box; it is on a side only when it is clearly past the boundary (a margin of
 * {@link #hysteresis()} × face height), so jitter on the line never counts as a crossing.
 *
 * <ul>
 *   <li>{@link #anywhere()} (default): every track counts as entering once it is confirmed; for a camera
 *       that only sees people coming in.</li>
 *   <li>{@link #line}: a track entering crosses the line from the outside to the side of a given inward point.</li>
 *   <li>{@link #region}: the inside is a rectangle; entering is moving from outside it to inside it.</li>
 *   <li>{@link #approach}: a face-on camera: entering is the face growing by a factor (walking towards the
 *       camera), leaving is it shrinking by the same factor.</li>
 * </ul>
 * Leaving (crossing outward) never triggers a decision. Immutable.
 */
public final class Door {
    /** The kind of door. */
    public enum Kind {
        /** Every confirmed track enters. */
        ANYWHERE,
        /** A line with an inward side. */
        LINE,
        /** A rectangle that is the inside. */
        REGION,
        /** Face growth towards the camera. */
        APPROACH
    }

    private final Kind kind;
    private final float ax;
    private final float ay;
    private final float bx;
    private final float by;
    private final float inSign;
    private final float growth;
    private final float hysteresis;

    private Door(Kind kind, float ax, float ay, float bx, float by, float inSign, float growth, float hysteresis) {
        this.kind = kind;
        this.ax = ax;
        this.ay = ay;
        this.bx = bx;
        this.by = by;
        this.inSign = inSign;
        this.growth = growth;
        this.hysteresis = hysteresis;
    }

    /** Every confirmed track is entering. */
    public static Door anywhere() { return new Door(Kind.ANYWHERE, 0, 0, 1, 1, 1, 1, 0); }

    /**
     * A door line from A to B; the inside is the side of the line where point (inX, inY) lies.
     * All coordinates are fractions of the frame width/height.
     */
    public static Door line(float ax, float ay, float bx, float by, float inX, float inY) {
        checkUnit(ax, ay);
        checkUnit(bx, by);
        if (ax == bx && ay == by) {
            throw new IllegalArgumentException("a door line needs two different points");
        }
        float s = cross(ax, ay, bx, by, inX, inY);
        if (s == 0f) {
            throw new IllegalArgumentException("the inward point (" + inX + ", " + inY + ") lies on the door line");
        }
        return new Door(Kind.LINE, ax, ay, bx, by, Math.signum(s), 1, 0.15f);
    }

    /** A horizontal door line at height {@code y}; {@code insideBelow} says whether the inside is below it. */
    public static Door horizontalLine(float y, boolean insideBelow) {
        return line(0f, y, 1f, y, 0.5f, insideBelow ? Math.min(1f, y + 0.5f) : Math.max(0f, y - 0.5f));
    }

    /** The inside is the rectangle (x, y, width, height), fractions of the frame. */
    public static Door region(float x, float y, float width, float height) {
        checkUnit(x, y);
        checkUnit(x + width, y + height);
        if (!(width > 0 && height > 0)) {
            throw new IllegalArgumentException("a door region needs a positive size, got " + width + "x" + height);
        }
        return new Door(Kind.REGION, x, y, x + width, y + height, 1, 1, 0.15f);
    }

    /** Entering is the face height growing by {@code factor} (&gt; 1, e.g. 1.3) since the track was first seen. */
    public static Door approach(float factor) {
        if (!(factor > 1f && factor < 10f)) {
            throw new IllegalArgumentException("approach factor must be within (1, 10), got " + factor);
        }
        return new Door(Kind.APPROACH, 0, 0, 1, 1, 1, factor, 0);
    }

    /** The same door with another hysteresis margin in face heights (default 0.15). */
    public Door withHysteresis(float faceHeights) {
        if (!(faceHeights >= 0f && faceHeights < 5f)) {
            throw new IllegalArgumentException("hysteresis must be within [0, 5), got " + faceHeights);
        }
        return new Door(kind, ax, ay, bx, by, inSign, growth, faceHeights);
    }

    /** The kind. */
    public Kind kind() { return kind; }

    /** Margin around the boundary, in face heights. */
    public float hysteresis() { return hysteresis; }

    /** Growth factor of {@link Kind#APPROACH}. */
    public float growth() { return growth; }

    /**
     * Which side a face centre is on: +1 inside, −1 outside, 0 within the margin (or for ANYWHERE/APPROACH,
     * which are not positional).
     *
     * @param cx face centre x, pixels
     * @param cy face centre y, pixels
     * @param faceHeight face box height, pixels (scales the margin)
     */
    public int side(float cx, float cy, float faceHeight, int frameWidth, int frameHeight) {
        float margin = hysteresis * faceHeight;
        switch (kind) {
            case LINE: {
                float pax = ax * frameWidth;
                float pay = ay * frameHeight;
                float pbx = bx * frameWidth;
                float pby = by * frameHeight;
                float len = (float) Math.hypot(pbx - pax, pby - pay);
                float d = inSign * cross(pax, pay, pbx, pby, cx, cy) / len; // signed pixel distance, + inside
                return d > margin ? 1 : d < -margin ? -1 : 0;
            }
            case REGION: {
                float x0 = ax * frameWidth;
                float y0 = ay * frameHeight;
                float x1 = bx * frameWidth;
                float y1 = by * frameHeight;
                if (cx > x0 + margin && cx < x1 - margin && cy > y0 + margin && cy < y1 - margin) {
                    return 1;
                }
                if (cx < x0 - margin || cx > x1 + margin || cy < y0 - margin || cy > y1 + margin) {
                    return -1;
                }
                return 0;
            }
            default:
                return 0;
        }
    }

    private static float cross(float ax, float ay, float bx, float by, float px, float py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    private static void checkUnit(float x, float y) {
        if (!(x >= 0f && x <= 1f && y >= 0f && y <= 1f)) {
            throw new IllegalArgumentException("door coordinates are fractions of the frame (0..1), got (" + x + ", " + y + ")");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ANYWHERE -> "Door[anywhere]";
            case LINE -> "Door[line (" + ax + "," + ay + ")-(" + bx + "," + by + ")]";
            case REGION -> "Door[region (" + ax + "," + ay + ")-(" + bx + "," + by + ")]";
            case APPROACH -> "Door[approach x" + growth + "]";
        };
    }
}
