/**
 * EntryGuard SDK camera: frame sources on JavaCV (RTSP, files, USB) and the multi-camera runner.
 *
 * <p>Exports {@code org.entryguard.camera}; {@code org.entryguard.camera.internal} is not exported.
 */
module org.entryguard.camera {
    requires transitive org.entryguard.core;
    requires transitive org.bytedeco.javacv;  // JavaCvAdapter: org.bytedeco.javacv.Frame
    requires transitive org.bytedeco.opencv;  // JavaCvAdapter: org.bytedeco.opencv.opencv_core.Mat
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires org.slf4j;

    exports org.entryguard.camera;
}
