/**
 * Accuracy bookkeeping for labelled photo sets: MAE by age band, the stop/pass operating curve, and rates with
 * their confidence intervals ({@link org.entryguard.examples.evaluation.Proportion}).
 */
package org.entryguard.examples.evaluation;
