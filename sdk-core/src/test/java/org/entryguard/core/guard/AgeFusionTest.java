package org.entryguard.core.guard;

import org.entryguard.core.guard.internal.AgeFusion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgeFusionTest {
    private final AgeFusion fusion = new AgeFusion(8);
    private final AgeFusion.Result r = new AgeFusion.Result();

    @Test
    void trimmedMeanIgnoresOneWildShot() {
        float[] ages = {30f, 31f, 29f, 30f, 70f};
        float[] spreads = {5f, 5f, 5f, 5f, 5f};
        fusion.fuse(ages, spreads, 5, 0.2f, r);
        assertEquals(30.333f, r.age, 1e-3, "20 % trimmed from each end: mean of 30, 30, 31");
        assertEquals(5, r.shots);
        assertEquals(0.577f, r.shotStd, 1e-3);
        assertEquals((float) Math.sqrt(25 + 0.3333 / 5), r.spread, 1e-3);
    }

    @Test
    void fewShotsUseTheMedian() {
        fusion.fuse(new float[] {20f, 24f}, new float[] {5f, 5f}, 2, 0.2f, r);
        assertEquals(22f, r.age, 1e-6);
        fusion.fuse(new float[] {20f, 50f, 24f}, new float[] {5f, 5f, 5f}, 3, 0.4f, r);
        assertEquals(24f, r.age, 1e-6, "three values with a 40 % trim leave one: the median");
        fusion.fuse(new float[] {20f}, new float[] {6f}, 1, 0.2f, r);
        assertEquals(20f, r.age, 1e-6);
        assertEquals(6f, r.spread, 1e-6);
        assertEquals(0f, r.shotStd, 1e-6);
    }

    @Test
    void disagreementWidensTheSpread() {
        fusion.fuse(new float[] {20f, 20f, 20f}, new float[] {5f, 5f, 5f}, 3, 0f, r);
        float agree = r.spread;
        fusion.fuse(new float[] {10f, 20f, 30f}, new float[] {5f, 5f, 5f}, 3, 0f, r);
        assertEquals(5f, agree, 1e-6);
        assertEquals((float) Math.sqrt(25 + 100.0 / 3), r.spread, 1e-4);
    }

    @Test
    void noShotsIsNaN() {
        fusion.fuse(new float[0], new float[0], 0, 0.2f, r);
        assertEquals(Float.NaN, r.age);
        assertEquals(0, r.shots);
    }
}
