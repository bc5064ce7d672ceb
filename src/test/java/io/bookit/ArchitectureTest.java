package io.bookit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Feature packages depend downward only (docs/ARCHITECTURE.md, "Packages"): each package of io.bookit has a layer,
 * and a class may use its own package and the packages of lower layers, never one of its layer or above. When a
 * lower package must tell a higher one something, it owns an interface that the higher one implements (as
 * payment/PaymentEvents, event/EventLifecycle, seating/AdmissionCheck). A new package must be given a layer here.
 * Reads the compiled main classes only; no application is started.
 */
class ArchitectureTest {

    /** Bottom first. Packages in one layer may not use each other. */
    static final List<List<String>> LAYERS = List.of(
            List.of("common", "webapp"),
            List.of("outbox", "payment", "storage", "ratelimit"),
            List.of("auth"),
            List.of("venue"),
            List.of("event"),
            List.of("seating"),
            List.of("waitingroom", "ticket"),
            List.of("order"),
            List.of("waitlist"),
            List.of("organizer", "mail"),
            List.of("webhook"),
            List.of("edge", "demo", ""));

    static final Map<String, Integer> LAYER = IntStream.range(0, LAYERS.size()).boxed()
            .flatMap(i -> LAYERS.get(i).stream().map(p -> Map.entry(p, i)))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    /** The compiled main classes, read from their folder (scanning the class path for the package is slow). */
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(mainClasses());

    private static Path mainClasses() {
        try {
            return Path.of(ProductionSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feature package of an io.bookit class ("" for the root package), or null outside io.bookit. */
    static String feature(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals("io.bookit")) {
            return "";
        }
        if (!name.startsWith("io.bookit.")) {
            return null;
        }
        String rest = name.substring("io.bookit.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void everyPackageHasALayer() {
        TreeSet<String> packages = CLASSES.stream().map(ArchitectureTest::feature)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(LAYER.keySet()).as("give every package of io.bookit a layer in ArchitectureTest.LAYERS")
                .containsAll(packages);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.bookit.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void packagesDependDownwardOnly() {
        ArchRuleDefinition.classes().should(dependOnLowerLayersOnly()).check(CLASSES);
    }

    private static ArchCondition<JavaClass> dependOnLowerLayersOnly() {
        return new ArchCondition<>("use only their own package and packages of lower layers") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = feature(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String to = feature(dependency.getTargetClass());
                    if (to == null || to.equals(from) || from == null) {
                        continue;
                    }
                    Integer fromLayer = LAYER.get(from);
                    Integer toLayer = LAYER.get(to);
                    if (fromLayer == null || toLayer == null || toLayer >= fromLayer) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + " (" + from + " may not use " + to + ")"));
                    }
                }
            }
        };
    }
}
