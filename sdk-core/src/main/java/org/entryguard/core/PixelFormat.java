package org.entryguard.core;

/** Byte order of the three 8-bit colour channels of an {@link ImageFrame}. JavaCV and OpenCV hand out BGR. */
public enum PixelFormat {
    /** Blue, green, red: what OpenCV and JavaCV produce. */
    BGR,
    /** Red, green, blue: what the bundled models consume. */
    RGB
}
