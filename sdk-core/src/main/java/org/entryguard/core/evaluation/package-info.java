/** Accuracy bookkeeping for labelled photo sets: MAE by age band and the stop/pass operating curve. */
package org.entryguard.core.evaluation;
