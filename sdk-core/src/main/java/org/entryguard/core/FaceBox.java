package org.entryguard.core;

/**
 * An axis-aligned rectangle in frame pixels; {@code (x, y)} is the top-left corner.
 *
 * @param x left edge
 * @param y top edge
 * @param width width, not negative
 * @param height height, not negative
 */
public record FaceBox(float x, float y, float width, float height) {

    /** Right edge. */
    public float right() { return x + width; }

    /** Bottom edge. */
    public float bottom() { return y + height; }

    /** Horizontal centre. */
    public float centerX() { return x + width / 2f; }

    /** Vertical centre. */
    public float centerY() { return y + height / 2f; }

    /** Area in square pixels. */
    public float area() { return Math.max(0f, width) * Math.max(0f, height); }

    /** Intersection over union with another box, 0 when they do not overlap. */
    public float iou(FaceBox other) {
        float ix = Math.max(0f, Math.min(right(), other.right()) - Math.max(x, other.x));
        float iy = Math.max(0f, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
        float inter = ix * iy;
        float union = area() + other.area() - inter;
        return union <= 0f ? 0f : inter / union;
    }
}
