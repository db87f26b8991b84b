/**
 * EntryGuard core: frames ({@link org.entryguard.core.ImageFrame}), the bundled face detectors
 * ({@link org.entryguard.core.FaceDetector}) and age estimator ({@link org.entryguard.core.AgeEstimator}), and the
 * single-frame facade {@link org.entryguard.core.FrameAnalyzer}. Nothing here knows about cameras or HTTP.
 *
 * <p>Threading: detectors, estimators and analyzers are used by one thread at a time (one per camera); they
 * reuse their tensors and buffers between calls, so the steady state allocates almost nothing.
 */
package org.entryguard.core;
