package org.entryguard.examples;

import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.camera.CameraStats;
import org.entryguard.camera.SourceState;
import org.entryguard.core.rules.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} follows Prometheus conventions: counters end in {@code _total}, durations are histograms in
 * seconds, outbox sizes are gauges, build and JVM metrics are there. The camera and delivery figures are given as
 * the snapshots the runner and the sinks return (their own tests cover how they are counted); the gateway test
 * scrapes a live gateway.
 */
class GatewayMetricsTest {
    @Test
    void prometheusConventions() {
        AtomicReference<List<CameraStats>> cams = new AtomicReference<>(List.of(
                new CameraStats("door-1", SourceState.STREAMING, 100, 5, 2, 93, 1, 1, 0, 40, 120, 300, 20)));
        AtomicReference<DeliveryMetrics> delivery = new AtomicReference<>(new DeliveryMetrics(3, 1, 7, 2, 1, 0, 0, 0));
        try (GatewayMetrics m = new GatewayMetrics(List.of("door-1"), cams::get, delivery::get, List.of())) {
            m.frameHandled("door-1", 80_000_000L, System.currentTimeMillis() - 150);
            m.frameHandled("door-1", 30_000_000L, System.currentTimeMillis() - 40);
            m.frameHandled("not-a-camera", 1, 0); // ignored, not thrown
            m.decision(Decision.CHECK_ID);
            m.decision(Decision.CHECK_ID);
            m.decision(Decision.ADULT);
            m.cameraCounter("entryguard.detector.runs.avoided", "frames the motion gate left unanalysed",
                    id -> id.equals("door-1") ? 42 : -1);
            System.gc(); // the counter must not hang on a weakly held lambda
            String s = m.scrape();
            assertTrue(s.contains("entryguard_detector_runs_avoided_total{camera=\"door-1\"} 42"), s);
            assertTrue(s.contains("# TYPE entryguard_frames_in_total counter"), s);
            assertTrue(s.contains("entryguard_frames_in_total{camera=\"door-1\"} 100"), s);
            assertTrue(s.contains("entryguard_frames_dropped_total{camera=\"door-1\"} 2"), s);
            assertTrue(s.contains("entryguard_camera_up{camera=\"door-1\"} 1"), s);
            assertTrue(s.contains("# TYPE entryguard_frame_latency_seconds histogram"), s);
            assertTrue(s.contains("entryguard_frame_latency_seconds_bucket{camera=\"door-1\",le=\"0.2\"} 2"), s);
            assertTrue(s.contains("entryguard_frame_latency_seconds_bucket{camera=\"door-1\",le=\"0.1\"} 1"), s);
            assertTrue(s.contains("entryguard_frame_analysis_seconds_count{camera=\"door-1\"} 2"), s);
            assertTrue(s.contains("entryguard_frame_analysis_seconds_sum{camera=\"door-1\"} 0.11"), s);
            assertTrue(s.contains("entryguard_decisions_total{decision=\"CHECK_ID\"} 2"), s);
            assertTrue(s.contains("entryguard_decisions_total{decision=\"MINOR\"} 0"), s);
            assertTrue(s.contains("# TYPE entryguard_alerts_delivered_total counter"), s);
            assertTrue(s.contains("entryguard_alerts_delivered_total 7"), s);
            assertTrue(s.contains("# TYPE entryguard_alerts_outbox gauge"), s);
            assertTrue(s.contains("entryguard_alerts_outbox{state=\"queued\"} 3"), s);
            assertTrue(s.contains("entryguard_build_info{"), s);
            assertTrue(s.contains("jvm_memory_used_bytes"), s);
            assertTrue(s.contains("jvm_threads_live_threads"), s);
            assertTrue(s.contains("process_uptime_seconds"), s);
            assertFalse(s.contains("_ms"), "no millisecond units: " + s);
            assertFalse(s.contains("not-a-camera"), s);

            cams.set(List.of(new CameraStats("door-1", SourceState.STALLED, 130, 5, 2, 120, 1, 1, 0, 40, 120, 300, 9000)));
            String later = m.scrape();
            assertTrue(later.contains("entryguard_camera_up{camera=\"door-1\"} 0"), later);
            assertTrue(later.contains("entryguard_frames_in_total{camera=\"door-1\"} 130"), later);
        }
    }
}
