package org.entryguard.examples.evaluation;

/**
 * The outcome of one labelled photo.
 *
 * @param file photo name
 * @param trueAge the labelled age
 * @param group an optional subgroup label (e.g. "asian"), empty if unknown
 * @param found whether a face was found
 * @param estimatedAge the estimate, NaN when no face was found
 */
public record LabelledResult(String file, int trueAge, String group, boolean found, float estimatedAge) {
}
