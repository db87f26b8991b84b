/**
 * EntryGuard core: frames ({@link org.entryguard.core.ImageFrame}), the bundled face detectors
 * ({@link org.entryguard.core.FaceDetector}) and age estimator ({@link org.entryguard.core.AgeEstimator}), and the
 * single-frame facade {@link org.entryguard.core.FrameAnalyzer}. Nothing here knows about cameras or HTTP.
 *
 * <p>Threading: detectors, estimators and analyzers are used by one thread at a time (one per camera); they
 * reuse their tensors and buffers between calls, so the steady state allocates almost nothing.
 *
 * <p><b>Ownership, the one rule for the whole SDK:</b> whoever creates a closeable closes it. Anything you pass to
 * a builder (a detector, an estimator, a landmark detector, a ledger, a sink) stays yours to close, after the object
 * you built with it; what a builder loads or creates itself is closed by the object it built. A model instance from
 * {@code newInstance()} is a new object: close it too (the shared weights go with the last one).
 *
 * <p>Packages by audience, arrows one way: {@code core} (frames, models) ← {@code core.rules} (the law) ←
 * {@code core.ledger} (decisions and staff outcomes) ← {@code core.guard} (the camera's guard).
 */
package org.entryguard.core;
