package org.entryguard.core.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DoorTest {
    @Test
    void lineSidesWithHysteresis() {
        Door d = Door.horizontalLine(0.5f, true); // y = 240 on 640×480, inside below
        assertEquals(-1, d.side(320, 100, 100, 640, 480));
        assertEquals(0, d.side(320, 250, 100, 640, 480), "within 0.15 face heights of the line");
        assertEquals(1, d.side(320, 300, 100, 640, 480));
        Door up = Door.horizontalLine(0.5f, false);
        assertEquals(1, up.side(320, 100, 100, 640, 480));
    }

    @Test
    void diagonalLineUsesTheInwardPoint() {
        Door d = Door.line(0f, 0f, 1f, 1f, 1f, 0f); // inside is the upper-right triangle
        assertEquals(1, d.side(500, 50, 40, 640, 480));
        assertEquals(-1, d.side(50, 400, 40, 640, 480));
    }

    @Test
    void regionInsideOutside() {
        Door d = Door.region(0.25f, 0.25f, 0.5f, 0.5f);
        assertEquals(1, d.side(320, 240, 40, 640, 480));
        assertEquals(-1, d.side(20, 20, 40, 640, 480));
        assertEquals(0, d.side(160, 240, 40, 640, 480), "on the edge");
    }

    @Test
    void badDoorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Door.line(0, 0, 1, 1, 0.5f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> Door.line(0, 0, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Door.region(0.5f, 0.5f, 0.8f, 0.2f));
        assertThrows(IllegalArgumentException.class, () -> Door.approach(0.9f));
        assertThrows(IllegalArgumentException.class, () -> Door.horizontalLine(2f, true));
    }
}
