package dev.sealgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

/**
 * The package structure of docs/architecture.md, as rules over the compiled main classes: the
 * packages form one-way layers (no cycle between any two, at any depth), {@code crypto} at the bottom knows no
 * feature package, and no class outside a format's folder names a format's own types.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sealgate");
    }

    /**
     * No cycle between any two packages, at any depth: each package is a slice of its own ({@code formats} and
     * {@code formats.pades} are two), so a package and its sub-package cannot import each other either.
     */
    static ArchRule noCycleBetweenPackages(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        noCycleBetweenPackages("dev.sealgate").check(classes);
    }

    /**
     * The rule catches the cycle the code had between {@code formats} and {@code formats.pades} (the shared model naming
     * a format's type), which the rule it replaces (slices by first segment: {@code dev.sealgate.(*)..}) did not see.
     */
    @Test
    void theRuleSeesACycleBetweenAPackageAndItsSubPackage() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.sealgate.archfixture");
        assertThrows(AssertionError.class, () -> noCycleBetweenPackages("dev.sealgate.archfixture").check(fixture));
        slices().matching("dev.sealgate.archfixture.(*)..").should().beFreeOfCycles().check(fixture);
    }

    @Test
    void cryptoKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.sealgate.crypto..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("dev.sealgate..").and(JavaClass.Predicates.resideOutsideOfPackage("dev.sealgate.crypto..")))
                .check(classes);
    }

    /**
     * Each signature format in a folder of its own under {@code formats}, making and reading side by
     * side; one format may build on another (PAdES carries CMS), never on what lies above them.
     */
    @Test
    void formatsKnowOnlyCryptoSupportAndEachOther() {
        noClasses().that().resideInAPackage("dev.sealgate.formats..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("dev.sealgate..")
                        .and(JavaClass.Predicates.resideOutsideOfPackages("dev.sealgate.crypto..", "dev.sealgate.support..",
                                "dev.sealgate.formats..")))
                .check(classes);
    }

    /**
     * A format is its folder: nothing outside the format folders names a format's own types (the core and every layer
     * above reach a format through {@link dev.sealgate.formats.DocumentFormat} and CDI). One format may build on another
     * (PAdES carries CMS).
     */
    @Test
    void onlyFormatsKnowAFormat() {
        String[] folders = { "dev.sealgate.formats.cades..", "dev.sealgate.formats.jades..", "dev.sealgate.formats.ofd..",
                "dev.sealgate.formats.pades.." };
        noClasses().that().resideOutsideOfPackages(folders).should().dependOnClassesThat().resideInAnyPackage(folders).check(classes);
    }

    /** The layer order of docs/architecture.md: each layer uses only those below it. */
    @Test
    void layersPointDownwards() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("crypto").definedBy("dev.sealgate.crypto..")
                .layer("support").definedBy("dev.sealgate.support..")
                .layer("formats").definedBy("dev.sealgate.formats..")
                .layer("identity").definedBy("dev.sealgate.identity..")
                .layer("audit").definedBy("dev.sealgate.audit..")
                .layer("pki").definedBy("dev.sealgate.pki..")
                .layer("checkpoint").definedBy("dev.sealgate.checkpoint..")
                .layer("privacy").definedBy("dev.sealgate.privacy..")
                .layer("verification").definedBy("dev.sealgate.verification..")
                .layer("signing").definedBy("dev.sealgate.signing..")
                .layer("sharing").definedBy("dev.sealgate.sharing..")
                .layer("edge").definedBy("dev.sealgate.web..", "dev.sealgate.admin..")
                .whereLayer("edge").mayNotBeAccessedByAnyLayer()
                .whereLayer("sharing").mayOnlyBeAccessedByLayers("edge")
                .whereLayer("signing").mayOnlyBeAccessedByLayers("sharing", "edge")
                .whereLayer("verification").mayOnlyBeAccessedByLayers("signing", "sharing", "edge")
                .whereLayer("privacy").mayOnlyBeAccessedByLayers("verification", "signing", "sharing", "edge")
                .whereLayer("checkpoint").mayOnlyBeAccessedByLayers("privacy", "verification", "signing", "sharing", "edge")
                .whereLayer("pki").mayOnlyBeAccessedByLayers("checkpoint", "privacy", "verification", "signing", "sharing", "edge")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("pki", "checkpoint", "privacy", "verification", "signing", "sharing",
                        "edge")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("audit", "pki", "checkpoint", "privacy", "verification", "signing",
                        "sharing", "edge")
                .whereLayer("formats").mayOnlyBeAccessedByLayers("identity", "audit", "pki", "checkpoint", "privacy", "verification",
                        "signing", "sharing", "edge")
                .whereLayer("support").mayOnlyBeAccessedByLayers("formats", "identity", "audit", "pki", "checkpoint", "privacy", "verification",
                        "signing", "sharing", "edge")
                .check(classes);
    }
}
