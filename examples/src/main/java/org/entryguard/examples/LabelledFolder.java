package org.entryguard.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of photos with known ages: a {@code labels.csv} with at least {@code file,age} columns (optional
 * {@code gender}, 0 = male, 1 = female, and {@code race}, UTKFace coding: 0 white, 1 black, 2 East Asian, 3 Indian,
 * 4 other), or UTKFace-style names {@code AGE_GENDER_RACE_*.jpg}.
 */
final class LabelledFolder {
    /**
     * One labelled photo.
     *
     * @param gender "male", "female" or "" when not labelled
     * @param group race ("white", "black", "asian", "indian", "other") or "" when not labelled
     */
    record Entry(Path file, int age, String gender, String group) {
    }

    private LabelledFolder() {
    }

    static List<Entry> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UsageException(folder + " is not a folder; evaluate needs a folder of labelled photos");
        }
        Path csv = folder.resolve("labels.csv");
        try {
            List<Entry> entries = Files.exists(csv) ? fromCsv(folder, csv) : fromNames(folder);
            if (entries.isEmpty()) {
                throw new UsageException(folder + " has no labelled photos: add a labels.csv (file,age) or name files AGE_*.jpg");
            }
            return entries;
        } catch (IOException e) {
            throw new UsageException("cannot read " + folder + ": " + e.getMessage());
        }
    }

    private static List<Entry> fromCsv(Path folder, Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new UsageException(csv + " is empty; expected a header with file,age");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        int fileCol = header.indexOf("file");
        int ageCol = header.indexOf("age");
        int raceCol = header.indexOf("race");
        int genderCol = header.indexOf("gender");
        if (fileCol < 0 || ageCol < 0) {
            throw new UsageException(csv + " header must name 'file' and 'age' columns, found " + header);
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length <= Math.max(fileCol, ageCol)) {
                throw new UsageException(csv + " line " + (i + 1) + " has too few columns: " + line);
            }
            int age;
            try {
                age = Integer.parseInt(f[ageCol].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(csv + " line " + (i + 1) + ": age '" + f[ageCol] + "' is not a whole number");
            }
            String group = raceCol >= 0 && raceCol < f.length ? raceGroup(f[raceCol].trim()) : "";
            String gender = genderCol >= 0 && genderCol < f.length ? gender(f[genderCol].trim()) : "";
            out.add(new Entry(folder.resolve(f[fileCol].trim()), age, gender, group));
        }
        return out;
    }

    private static List<Entry> fromNames(Path folder) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.sorted().toList()) {
                String[] parts = p.getFileName().toString().split("_");
                if (parts.length >= 2 && parts[0].matches("\\d{1,3}")) {
                    String gender = gender(parts[1]); // "" for anything but 0 or 1, e.g. AGE_photo.jpg
                    String group = parts.length >= 3 ? raceGroup(parts[2]) : "";
                    out.add(new Entry(p, Integer.parseInt(parts[0]), gender, group));
                }
            }
        }
        return out;
    }

    private static String gender(String code) {
        return switch (code) {
            case "0" -> "male";
            case "1" -> "female";
            default -> "";
        };
    }

    private static String raceGroup(String code) {
        return switch (code) {
            case "0" -> "white";
            case "1" -> "black";
            case "2" -> "asian";
            case "3" -> "indian";
            case "4" -> "other";
            default -> "";
        };
    }
}
