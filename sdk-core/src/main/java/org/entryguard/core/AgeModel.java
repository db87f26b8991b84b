package org.entryguard.core;

/**
 * The age networks bundled with the SDK, each with the calibration table fitted for it (origin, training data,
 * terms and the accuracy of each: <a href="package-summary.html#models">Models</a> in the package notes). Both take the same 112×112 face crop and have the same
 * input/output contract, so a model file of either kind also loads through {@link AgeEstimatorBuilder#modelFile}.
 */
public enum AgeModel {
    /**
     * face-api.js AgeGenderNet exactly as published (MIT): bit-for-bit face-api's ages. Used by
     * {@link AgeEstimatorBuilder#faceApiCompatible()}.
     */
    FACE_API("/org/entryguard/models/age_gender.onnx", "/org/entryguard/models/age_gender_calibration.csv"),
    /**
     * The same network with its last layers fine-tuned (by a reproducible training script in the
     * source repository) on door-camera-like crops of
     * mostly East Asian and UTKFace faces, for the decision at a Chinese venue's door. Trained on research-only
     * photo sets: its weights inherit research-only terms (META-INF/NOTICE in this jar); retrain on data you hold a
     * licence for before commercial use.
     */
    DOOR("/org/entryguard/models/age_gender_door.onnx", "/org/entryguard/models/age_gender_door_calibration.csv");

    private final String resource;
    private final String calibrationResource;

    AgeModel(String resource, String calibrationResource) {
        this.resource = resource;
        this.calibrationResource = calibrationResource;
    }

    /** Classpath location of the bundled ONNX file. */
    public String resource() { return resource; }

    /** Classpath location of the calibration table fitted for this model (raw,mean,spread CSV). */
    public String calibrationResource() { return calibrationResource; }
}
