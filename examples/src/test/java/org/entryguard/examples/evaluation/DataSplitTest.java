package org.entryguard.examples.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSplitTest {
    private static List<DataSplit.Item> items() {
        List<DataSplit.Item> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(new DataSplit.Item("photo_" + i + ".jpg", 5 + (i * 7) % 56));
        }
        return out;
    }

    @Test
    void halvesEveryAgeBandAndIgnoresOrder() {
        List<DataSplit.Item> a = items();
        Map<String, DataSplit.Half> first = DataSplit.assign(a);
        List<DataSplit.Item> shuffled = new ArrayList<>(a);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(first, DataSplit.assign(shuffled), "the split depends on the names only");
        for (int s = 0; s < DataSplit.STRATA.size(); s++) {
            int fit = 0;
            int held = 0;
            for (DataSplit.Item it : a) {
                if (DataSplit.stratum(it.age()) == s) {
                    if (first.get(it.name()) == DataSplit.Half.FIT) {
                        fit++;
                    } else {
                        held++;
                    }
                }
            }
            assertTrue(fit - held == 0 || fit - held == 1, "band " + DataSplit.STRATA.get(s) + ": " + fit + " vs " + held);
        }
    }

    @Test
    void sortsBySha1OfTheName() {
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", DataSplit.sha1("abc"));
        // two photos in one band: the smaller SHA-1 goes to the fit half
        String x = "x.jpg";
        String y = "y.jpg";
        Map<String, DataSplit.Half> m = DataSplit.assign(List.of(new DataSplit.Item(x, 30), new DataSplit.Item(y, 31)));
        String first = DataSplit.sha1(x).compareTo(DataSplit.sha1(y)) < 0 ? x : y;
        assertEquals(DataSplit.Half.FIT, m.get(first));
        assertEquals(DataSplit.Half.HELD_OUT, m.get(first.equals(x) ? y : x));
    }

    @Test
    void parsesHalvesAndRefusesDuplicates() {
        assertEquals(DataSplit.Half.HELD_OUT, DataSplit.Half.parse("held-out"));
        assertEquals(DataSplit.Half.FIT, DataSplit.Half.parse("FIT"));
        assertThrows(IllegalArgumentException.class, () -> DataSplit.Half.parse("train"));
        assertThrows(IllegalArgumentException.class,
                () -> DataSplit.assign(List.of(new DataSplit.Item("a", 20), new DataSplit.Item("a", 21))));
    }
}
