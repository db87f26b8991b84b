package org.entryguard.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The module rules of the README ("Modules stay honest"), checked on the compiled classes with ArchUnit, so a
 * forbidden import fails the build instead of waiting for review.
 */
public final class Boundaries {
    /** Every SDK package whose name has an {@code internal} segment: not API, may change in any release. */
    public static final String INTERNAL = "org.entryguard..internal..";

    private Boundaries() {
    }

    /**
     * Fails when main (non-test) classes under {@code rootPackage} use SDK {@code internal} types, other than the
     * {@code knownOffenders} ("origin.Class -> internal.Class", top-level class names). A known offender that has
     * gone fails too, so the list only shrinks.
     */
    public static void assertNoInternalUse(String rootPackage, Set<String> knownOffenders) {
        JavaClasses classes = mainClasses(rootPackage);
        Set<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().isArray() ? d.getTargetClass().getBaseComponentType()
                        : d.getTargetClass();
                if (target.getPackageName().startsWith("org.entryguard.") && isInternal(target.getPackageName())) {
                    found.add(topLevel(c) + " -> " + topLevel(target));
                }
            }
        }
        Set<String> added = new TreeSet<>(found);
        added.removeAll(knownOffenders);
        Set<String> gone = new TreeSet<>(knownOffenders);
        gone.removeAll(found);
        if (!added.isEmpty()) {
            // ArchUnit's own report names every offending line
            noClasses().that().resideInAPackage(rootPackage + "..").should().dependOnClassesThat()
                    .resideInAPackage(INTERNAL)
                    .because("internal packages are not API (README, Modules); use the public type, or make one"
                            + " public in the SDK. New offenders: " + added)
                    .check(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe("new offenders",
                            (JavaClass c) -> added.stream().anyMatch(a -> a.startsWith(topLevel(c) + " -> ")))));
        }
        if (!gone.isEmpty()) {
            throw new AssertionError("These known offenders no longer use internal types; remove them from the"
                    + " list so they cannot come back: " + gone);
        }
    }

    /** Fails when main classes under {@code rootPackage} use any class under one of {@code forbiddenPackages}. */
    public static void assertNoDependency(String rootPackage, String reason, String... forbiddenPackages) {
        noClasses().that().resideInAPackage(rootPackage + "..").should().dependOnClassesThat()
                .resideInAnyPackage(forbiddenPackages).because(reason).check(mainClasses(rootPackage));
    }

    /** Static factory names the one config idiom (README, API) replaced; none may come back. */
    static final Set<String> RETIRED_FACTORIES = Set.of("builder", "newBuilder", "defaults", "bundled");

    /**
     * Fails when a public (reachable) main type under {@code rootPackage}, outside {@code internal} packages,
     * breaks the one config idiom of the README (API): a builder comes only from a static {@code custom(...)}
     * (or, pre-filled, {@code from(existing)}), never from {@code builder()}, {@code newBuilder()}, a public
     * builder constructor or an instance {@code toBuilder()}; the default instance is {@code ofDefaults(...)},
     * never {@code defaults()} or {@code bundled()}; and every builder ends with {@code build()}.
     */
    public static void assertConfigIdiom(String rootPackage) {
        assertConfigIdiom(mainClasses(rootPackage));
    }

    /** {@link #assertConfigIdiom(String)} on given classes (the self-test feeds it bad ones). */
    static void assertConfigIdiom(JavaClasses classes) {
        List<String> problems = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("org.entryguard.") || isInternal(c.getPackageName()) || !reachable(c)) {
                continue;
            }
            boolean isBuilder = c.getSimpleName().endsWith("Builder");
            for (JavaMethod m : c.getMethods()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || m.getModifiers().contains(JavaModifier.BRIDGE)) {
                    continue;
                }
                boolean isStatic = m.getModifiers().contains(JavaModifier.STATIC);
                String where = c.getName() + "." + m.getName() + "(...)";
                if (isStatic && RETIRED_FACTORIES.contains(m.getName())) {
                    problems.add(where + ": name the builder factory custom(...) and the default instance ofDefaults(...)");
                } else if (!isStatic && (m.getName().equals("toBuilder") || m.getName().equals("newBuilder"))) {
                    problems.add(where + ": a pre-filled builder is the static from(existing)");
                } else if (isStatic && m.getRawReturnType().getSimpleName().endsWith("Builder")
                        && !m.getName().equals("custom") && !m.getName().equals("from")) {
                    problems.add(where + ": a static method returning a builder is custom(...) or from(existing)");
                }
            }
            if (isBuilder) {
                for (JavaConstructor k : c.getConstructors()) {
                    if (k.getModifiers().contains(JavaModifier.PUBLIC) || k.getModifiers().contains(JavaModifier.PROTECTED)) {
                        problems.add(c.getName() + " constructor: a builder is got only from custom(...)");
                    }
                }
                boolean builds = c.getMethods().stream().anyMatch(m -> m.getName().equals("build")
                        && m.getRawParameterTypes().isEmpty() && m.getModifiers().contains(JavaModifier.PUBLIC));
                if (!builds) {
                    problems.add(c.getName() + ": every builder ends with a public build()");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The one config idiom (README, API: custom / ofDefaults / from / of) is broken:\n  "
                    + String.join("\n  ", new TreeSet<>(problems)));
        }
    }

    private static boolean reachable(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        return c.getEnclosingClass().map(Boundaries::reachable).orElse(true);
    }

    private static JavaClasses mainClasses(String rootPackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("No compiled main classes found under " + rootPackage);
        }
        return classes;
    }

    private static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    private static String topLevel(JavaClass c) {
        String n = c.getName();
        int dollar = n.indexOf('$');
        return dollar < 0 ? n : n.substring(0, dollar);
    }
}
