package org.entryguard.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one SDK module as sorted text, checked into {@code <module>/api/<module>.api} and compared
 * on every build (OkHttp-style API dump): an API change then shows up in review as a diff of that file, and a
 * change nobody meant fails the build.
 *
 * <p>What counts: every public or protected type outside {@code internal} packages, reachable from outside
 * (nested types only when their enclosing types are too), with its public and protected constructors, methods
 * and fields, in {@link Method#toGenericString()} form (modifiers, generics, throws). Synthetic and bridge
 * members are left out.
 *
 * <p>Update after a deliberate change: {@code mvn -B -ntp -o verify -Dapi.update=true} (or only one module:
 * {@code -pl sdk-core -Dtest=ApiDumpTest -Dapi.update=true test}) rewrites the file; commit it.
 */
public final class ApiDump {
    /** The system property that rewrites the checked-in dump instead of comparing against it. */
    public static final String UPDATE_PROPERTY = "api.update";

    private ApiDump() {
    }

    /**
     * Compares the API of the classes under {@code classesDir} with {@code apiFile}; rewrites it when
     * {@code -Dapi.update=true}.
     *
     * @throws AssertionError with the lines added and removed and the command that accepts them
     */
    public static void check(Path classesDir, Path apiFile) {
        check(classesDir, apiFile, Boolean.getBoolean(UPDATE_PROPERTY));
    }

    /** Compares, or with {@code update} rewrites {@code apiFile}. */
    static void check(Path classesDir, Path apiFile, boolean update) {
        String actual = dump(classesDir);
        try {
            if (update) {
                Files.createDirectories(apiFile.toAbsolutePath().getParent());
                Files.writeString(apiFile, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(apiFile)) {
                throw new AssertionError("No API dump at " + apiFile.toAbsolutePath()
                        + ". Create it with: mvn -B -ntp verify -D" + UPDATE_PROPERTY + "=true, then commit it.");
            }
            String expected = Files.readString(apiFile, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionError("The public API differs from " + apiFile + " (- in the file, + in the code):\n"
                        + diff(expected, actual)
                        + "If the change is meant, accept it with: mvn -B -ntp verify -D" + UPDATE_PROPERTY
                        + "=true and commit " + apiFile.getFileName() + "; otherwise restore the API.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails when the published (non-internal) sources under {@code sourceDir} point readers at files of the source
     * repository ({@code MODELS.md}, {@code tools/...}): the Javadoc jar is read without the repository, so it has
     * to say what it means itself.
     */
    public static void assertJavadocStandsAlone(Path sourceDir) {
        Pattern repoFile = Pattern.compile("\\b[A-Za-z_-]+\\.md\\b|\\{@code tools/|\\btools/(models|training)\\b");
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                if (f.toString().replace('\\', '/').contains("/internal/")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (repoFile.matcher(lines.get(i)).find()) {
                        hits.add(sourceDir.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!hits.isEmpty()) {
            throw new AssertionError("Published Javadoc refers to repository files that a Javadoc reader does not"
                    + " have; say it in the doc, or point at the package notes (package-info.java):\n"
                    + String.join("\n", hits));
        }
    }

    /** The API of the compiled classes under {@code classesDir}, one line per type or member. */
    public static String dump(Path classesDir) {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String rel = classesDir.relativize(f).toString().replace('\\', '/');
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("package-info") || name.endsWith("module-info") || name.contains(".internal.")
                        || name.matches(".*\\$\\d.*")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, ApiDump.class.getClassLoader());
                if (visible(c)) {
                    types.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("A class under " + classesDir + " is not on the test class path", e);
        }
        StringBuilder out = new StringBuilder();
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (Class<?> c : types) {
            out.append(header(c)).append('\n');
            TreeSet<String> members = new TreeSet<>();
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (api(k) && !k.isSynthetic()) {
                    members.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (api(m) && !m.isSynthetic() && !m.isBridge()) {
                    members.add(m.toGenericString().replace(c.getTypeName() + "." + m.getName() + "(", m.getName() + "("));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (api(f) && !f.isSynthetic()) {
                    members.add(f.toGenericString().replace(c.getTypeName() + "." + f.getName(), f.getName()));
                }
            }
            members.forEach(m -> out.append("  ").append(m).append('\n'));
        }
        return out.toString();
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()
                    || !(Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean api(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static String header(Class<?> c) {
        StringBuilder b = new StringBuilder();
        int mod = c.getModifiers() & (c.isInterface() ? ~(Modifier.ABSTRACT | Modifier.STATIC) : ~0);
        if (c.isEnum() || c.isRecord()) {
            mod &= ~(Modifier.FINAL | Modifier.STATIC);
        }
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        String mods = Modifier.toString(mod & ~Modifier.INTERFACE);
        b.append(mods.isEmpty() ? "" : mods + " ").append(kind).append(' ').append(c.getName());
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            b.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0 && !c.isAnnotation()) {
            b.append(c.isInterface() ? " extends " : " implements ");
            b.append(Stream.of(c.getGenericInterfaces()).map(t -> t.getTypeName()).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    /** The lines only in {@code expected} (-) and only in {@code actual} (+), in file order: a readable diff. */
    static String diff(String expected, String actual) {
        List<String> a = List.of(expected.split("\n"));
        List<String> b = List.of(actual.split("\n"));
        // longest common subsequence: the dumps are a few hundred lines, so the quadratic table is fine
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        String type = "";
        String shown = "";
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            String line;
            char sign;
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                type = a.get(i).startsWith(" ") ? type : a.get(i);
                i++;
                j++;
                continue;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                line = a.get(i++);
                sign = '-';
            } else {
                line = b.get(j++);
                sign = '+';
            }
            if (!line.startsWith(" ")) {
                type = line;
                shown = line;
            } else if (!type.equals(shown)) {
                out.append("  in ").append(type).append(":\n");
                shown = type;
            }
            out.append(sign).append(' ').append(line).append('\n');
        }
        return out.toString();
    }

}
