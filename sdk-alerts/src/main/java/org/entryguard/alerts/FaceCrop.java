package org.entryguard.alerts;

import java.util.Arrays;

/**
 * A JPEG crop of the face that triggered an alert. Sensitive personal information under PIPL art. 28:
 * sinks leave it out unless the integrator has enabled crops (see the module README for what the law
 * asks first). The bytes are copied in and out, so an instance never changes.
 */
public final class FaceCrop {
    /** Hard ceiling for any crop, whatever a sink allows: alerts are small documents, not image stores. */
    public static final int MAX_BYTES = 256 * 1024;

    private final byte[] jpeg;

    private FaceCrop(byte[] jpeg) { this.jpeg = jpeg; }

    /**
     * Wraps JPEG bytes.
     *
     * @throws AlertFormatException when the bytes are empty, not a JPEG, or over {@link #MAX_BYTES}
     */
    public static FaceCrop ofJpeg(byte[] jpeg) {
        if (jpeg == null || jpeg.length == 0) {
            throw new AlertFormatException("face crop is empty: pass JPEG bytes or leave the crop out");
        }
        if (jpeg.length > MAX_BYTES) {
            throw new AlertFormatException("face crop is " + jpeg.length + " bytes, over the " + MAX_BYTES
                    + "-byte ceiling: crop tighter or lower the JPEG quality");
        }
        if (jpeg.length < 3 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8 || (jpeg[2] & 0xff) != 0xFF) {
            throw new AlertFormatException("face crop is not a JPEG (no FF D8 FF start marker): encode the crop as JPEG");
        }
        return new FaceCrop(jpeg.clone());
    }

    /** A copy of the JPEG bytes. */
    public byte[] jpeg() { return jpeg.clone(); }

    /** Size of the JPEG in bytes. */
    public int size() { return jpeg.length; }

    @Override
    public boolean equals(Object o) { return o instanceof FaceCrop f && Arrays.equals(jpeg, f.jpeg); }

    @Override
    public int hashCode() { return Arrays.hashCode(jpeg); }

    @Override
    public String toString() { return "FaceCrop[" + jpeg.length + " bytes]"; }
}
