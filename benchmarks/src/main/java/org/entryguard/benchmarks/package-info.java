/**
 * JMH per-frame latency suite for EntryGuard (see BENCHMARKS.md at the repository root). Every benchmark
 * reports milliseconds per operation in AverageTime and SampleTime (p50/p99) modes; run with {@code -prof gc}
 * for allocation per operation. {@code benchmarks/scripts/run-all.sh} runs everything and writes the report.
 */
package org.entryguard.benchmarks;
