package org.entryguard.examples.evaluation;

/**
 * One labelled photo as the age check saw it, kept raw so that calibrations and thresholds can be applied
 * afterwards without running the models again.
 *
 * @param file photo name
 * @param trueAge labelled age
 * @param group subgroup label (e.g. "asian"), empty if unknown
 * @param half which half of the {@link DataSplit} it belongs to
 * @param found whether a face was found
 * @param rawAge the network's age (after flip averaging, before calibration); NaN when not found
 * @param detectorScore the detector's score; NaN when not found
 * @param qualityFailure why the quality gate refused the shot, or "" when it passed (or was not run)
 */
public record ScoredPhoto(String file, int trueAge, String group, DataSplit.Half half, boolean found, float rawAge,
                          float detectorScore, String qualityFailure) {

    /** Whether the quality gate refused the shot. */
    public boolean refused() { return found && !qualityFailure.isEmpty(); }
}
