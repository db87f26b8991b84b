/**
 * EntryGuard SDK core: frames, bundled ONNX models, detection, age estimation, rules and decisions.
 *
 * <p>Exports the API packages only; {@code org.entryguard.core.internal}, {@code org.entryguard.core.guard.internal}
 * and {@code org.entryguard.core.rules.internal} are not exported. The bundled models and the holiday calendar are
 * resources of this module, read by its own classes, so they need no {@code opens}.
 */
module org.entryguard.core {
    requires transitive java.desktop; // ImageFiles.toFrame(java.awt.image.BufferedImage, ...)
    requires com.microsoft.onnxruntime;
    requires net.time4j.base;
    requires org.slf4j;

    exports org.entryguard.core;
    exports org.entryguard.core.guard;
    exports org.entryguard.core.ledger;
    exports org.entryguard.core.rules;

    uses org.entryguard.core.ledger.IdCardReader.Provider;
}
