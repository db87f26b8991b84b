package org.entryguard.core.internal;

/**
 * Greedy non-maximum suppression over candidate boxes held in parallel arrays (x1, y1, x2, y2, score),
 * allocation-free: the caller owns the arrays and gets back the kept indices in descending score order.
 */
public final class Nms {
    private int[] order = new int[0];
    private boolean[] suppressed = new boolean[0];

    /**
     * @return the number of kept indices written to {@code keep}
     */
    public int run(float[] x1, float[] y1, float[] x2, float[] y2, float[] score, int n, float iouThreshold,
                   int[] keep, int maxKeep) {
        if (order.length < n) {
            order = new int[n];
            suppressed = new boolean[n];
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
            suppressed[i] = false;
        }
        // insertion sort by descending score: n is small (candidates above the score threshold)
        for (int i = 1; i < n; i++) {
            int v = order[i];
            int j = i - 1;
            while (j >= 0 && score[order[j]] < score[v]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = v;
        }
        int kept = 0;
        for (int a = 0; a < n && kept < maxKeep; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            keep[kept++] = i;
            float areaI = (x2[i] - x1[i]) * (y2[i] - y1[i]);
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j]) {
                    continue;
                }
                float w = Math.max(0f, Math.min(x2[i], x2[j]) - Math.max(x1[i], x1[j]));
                float h = Math.max(0f, Math.min(y2[i], y2[j]) - Math.max(y1[i], y1[j]));
                float inter = w * h;
                float areaJ = (x2[j] - x1[j]) * (y2[j] - y1[j]);
                float union = areaI + areaJ - inter;
                if (union > 0f && inter / union > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
