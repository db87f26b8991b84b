package org.entryguard.core;

/** The face detectors bundled with the SDK (origin, licence and accuracy: <a href="package-summary.html#models">Models</a>). */
public enum DetectorModel {
    /** face-api.js TinyFaceDetector: small and fast; the default. Input size is configurable (multiple of 32). */
    TINY_FACE_DETECTOR("/org/entryguard/models/tiny_face_detector.onnx", 416),
    /** face-api.js SSD MobileNet V1: slower, finds smaller and turned faces. Fixed 512×512 input. */
    SSD_MOBILENET_V1("/org/entryguard/models/ssd_mobilenetv1.onnx", 512);

    private final String resource;
    private final int defaultInputSize;

    DetectorModel(String resource, int defaultInputSize) {
        this.resource = resource;
        this.defaultInputSize = defaultInputSize;
    }

    /** Classpath location of the bundled ONNX file. */
    public String resource() { return resource; }

    /** Side of the square network input used when none is configured. */
    public int defaultInputSize() { return defaultInputSize; }
}
