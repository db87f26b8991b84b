package org.entryguard.core.guard;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.guard.internal.Appearance;
import org.entryguard.core.guard.internal.Measurement;
import org.entryguard.core.guard.internal.QualityScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One face, one shot, in the pipeline's order: quality gate (size, blur, light, pose) → landmarks → eyes visible →
 * age. Each step runs once and only when the one before passed, so a covered-eye shot never costs an age run.
 * Camera-thread only; allocates nothing per shot.
 */
final class ShotTaker {
    private static final Logger LOG = LoggerFactory.getLogger(ShotTaker.class);

    private final QualityScorer scorer;
    private final LandmarkDetector landmarks;
    private final AgeEstimator estimator;
    private final int bestK;
    private final Measurement measurement = new Measurement();
    private final float[] points = new float[2 * LandmarkDetector.POINTS];
    private boolean warnedModel;
    private long ageEstimates;

    ShotTaker(FaceQuality quality, LandmarkDetector landmarks, AgeEstimator estimator, int bestK) {
        this.scorer = new QualityScorer(quality);
        this.landmarks = landmarks;
        this.estimator = estimator;
        this.bestK = bestK;
    }

    /** How many times the age model has run. */
    long ageEstimates() { return ageEstimates; }

    /** Takes the track's current face as a shot of its visit, if it passes the gate and improves the best K. */
    void take(ImageFrame frame, Track tr) {
        Visit v = tr.visit;
        if (!scorer.measure(frame, tr.face, measurement)) {
            if (measurement.failure == FaceQuality.Failure.OCCLUDED && !tr.rechecking) {
                v.occludedShots++;
            }
            return;
        }
        if (!tr.wantsShot(measurement.score, bestK)) {
            return;
        }
        AgeEstimate est;
        try {
            float[] lm = tr.face.hasLandmarks() && tr.face.landmarks().length == points.length ? tr.face.landmarks() : null;
            if (scorer.gate().occlusionCheck() && !measurement.occlusionChecked) {
                if (lm == null) {
                    lm = landmarks.detectInto(frame, tr.face.box(), points);
                }
                if (!scorer.checkOcclusion(frame, lm, measurement)) {
                    if (!tr.rechecking) {
                        v.occludedShots++;
                    }
                    return;
                }
            }
            est = estimator.estimate(frame, tr.face.box(), lm);
        } catch (EntryGuardException e) {
            // a box the models cannot crop: skip this shot, not the camera (logged once, not per frame)
            if (!warnedModel) {
                warnedModel = true;
                LOG.warn("landmark or age model rejected a face box; skipping such shots from now on without logging", e);
            }
            return;
        }
        ageEstimates++;
        if (!Float.isFinite(est.age()) || !Float.isFinite(est.spread())) {
            return;
        }
        tr.addShot(est.age(), est.spread(), measurement.score, bestK);
        if (!tr.rechecking && measurement.score > v.signatureQuality
                && Appearance.signature(frame, tr.face.box(), v.signature)) {
            v.hasSignature = true;
            v.signatureQuality = measurement.score;
        }
    }
}
