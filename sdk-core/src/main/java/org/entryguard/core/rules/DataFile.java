package org.entryguard.core.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The line format the law's data files share ({@link HolidayCalendar} notices, {@link SchoolVacations}): one entry
 * per line as whitespace-separated tokens, {@code #} comments and blank lines skipped; an error names the file, the
 * line and what could not be read.
 */
final class DataFile {
    /** One entry: its first two tokens and the rest of the line (absent tokens are null). */
    interface Entry {
        void accept(String[] tokens) throws IOException;
    }

    private DataFile() {
    }

    /** Reads every entry; the reader is not closed. */
    static void read(Reader reader, String source, Entry entry) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        int no = 0;
        while ((line = in.readLine()) != null) {
            no++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                entry.accept(text.split("\\s+", 3));
            } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(source + " line " + no + ": cannot read '" + text + "': " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + no + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code first..last}, or one date when {@code single} is allowed; both inclusive, in order. */
    static LocalDate[] range(String token, boolean single) {
        int dots = token.indexOf("..");
        if (dots < 0 && !single) {
            throw new IllegalArgumentException("expected a range first..last, got " + token);
        }
        LocalDate first = LocalDate.parse(dots < 0 ? token : token.substring(0, dots));
        LocalDate last = dots < 0 ? first : LocalDate.parse(token.substring(dots + 2));
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("range ends (" + last + ") before it starts (" + first + ")");
        }
        return new LocalDate[] {first, last};
    }
}
