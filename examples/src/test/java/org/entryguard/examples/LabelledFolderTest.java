package org.entryguard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelledFolderTest {
    @TempDir
    Path tmp;

    private static String labels(List<LabelledFolder.Entry> es) {
        return String.join(" ", es.stream().map(e -> e.file().getFileName() + ":" + e.age() + "/" + e.gender() + "/" + e.group()).toList());
    }

    @Test
    void readsGenderAndRaceFromLabelsCsv() throws Exception {
        Files.writeString(tmp.resolve("labels.csv"), "file,age,gender,race,source\na.jpg,15,0,2,x\nb.jpg,40,1,,x\nc.jpg,22,,0,x\nd.jpg,30,7,9,x\n");
        assertEquals("a.jpg:15/male/asian b.jpg:40/female/ c.jpg:22//white d.jpg:30//", labels(LabelledFolder.read(tmp)),
                "empty or unknown codes are unlabelled");
    }

    @Test
    void labelsCsvWithoutGenderOrRaceLeavesThemEmpty() throws Exception {
        Files.writeString(tmp.resolve("labels.csv"), "age,file\n15,a.jpg\n");
        assertEquals("a.jpg:15//", labels(LabelledFolder.read(tmp)));
    }

    @Test
    void readsUtkFaceNames() throws Exception {
        for (String n : List.of("15_1_2_20170104.jpg.chip.jpg", "41_0_0_20170105.jpg.chip.jpg", "39_1_20170116.jpg", "20_photo.jpg",
                "notes.txt")) {
            Files.writeString(tmp.resolve(n), "");
        }
        assertEquals("15_1_2_20170104.jpg.chip.jpg:15/female/asian 20_photo.jpg:20// 39_1_20170116.jpg:39/female/ "
                + "41_0_0_20170105.jpg.chip.jpg:41/male/white", labels(LabelledFolder.read(tmp)));
    }
}
