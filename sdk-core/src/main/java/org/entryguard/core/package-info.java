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
 *
 * <p>Inputs: {@link org.entryguard.core.ImageFrame} wraps packed BGR/RGB bytes without a copy;
 * {@link org.entryguard.core.FrameConverter} turns what decoders and phone cameras hand out (NV12, NV21, I420,
 * grey, BGRA/RGBA, direct or heap {@link java.nio.ByteBuffer}s) into one, reusing one buffer per camera.
 *
 * <h2 id="models">Models</h2>
 *
 * <p>All bundled networks are ONNX conversions (weights unchanged) of the pretrained face-api.js models as
 * published in the npm package {@code @vladmandic/face-api} 1.7.15; META-INF/NOTICE in this jar has their full
 * licence terms.
 * <ul>
 *   <li>{@link org.entryguard.core.DetectorModel#TINY_FACE_DETECTOR} (default, MIT): input 416×416. A 320 input
 *       runs about 1.7× faster but, depending on face size, missed up to 46 % of the faces 416 finds.</li>
 *   <li>{@link org.entryguard.core.DetectorModel#SSD_MOBILENET_V1}: weights by yeephycho (Apache-2.0), trained on
 *       WIDER FACE.</li>
 *   <li>{@link org.entryguard.core.LandmarkDetector}: face-api's FaceLandmark68TinyNet (MIT).</li>
 *   <li>{@link org.entryguard.core.AgeModel#FACE_API}: face-api's AgeGenderNet as published (MIT), published mean
 *       absolute error 4.54 years.</li>
 *   <li>{@link org.entryguard.core.AgeModel#DOOR} (default): the same network with its last layers fine-tuned for
 *       the door decision on mostly East Asian and UTKFace photos. On held-out halves under the KTV rules it
 *       stops 99.3 % of East Asian 13–17-year-olds (1 of 147 let through; face-api's network: 95.9 %, 6 through)
 *       and 100 % of UTKFace's (93 of 93), and passes 70.3 % / 78.2 % of adults 30+ (face-api's: 75.0 % /
 *       89.5 %): a more cautious operating point. Its weights inherit the <b>research-only</b> terms of those
 *       photo sets: retrain on licensed data, or select {@code AgeModel.FACE_API}, before commercial use.</li>
 * </ul>
 * Each age model comes with an {@link org.entryguard.core.AgeCalibration} fitted on the fit half of the
 * evaluation set; the figures above are on the other half.
 */
package org.entryguard.core;
