package dev.moeserve.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The production classes of every module obey ARCHITECTURE.md's module rules. */
class ModuleRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.moeserve");
        // the rules below are vacuous if nothing was imported, so make sure the modules are there
        assertThat(production.containPackage("dev.moeserve.domain")).isTrue();
    }

    @Test
    void domainDependsOnTheJdkOnly() {
        ModuleRules.DOMAIN_DEPENDS_ON_JDK_ONLY.check(production);
    }

    @Test
    void applicationDependsOnTheDomainOnly() {
        ModuleRules.APPLICATION_DEPENDS_ON_DOMAIN_ONLY.check(production);
    }

    @Test
    void domainCarriesNoFrameworkAnnotations() {
        ModuleRules.NO_FRAMEWORK_ANNOTATIONS_IN_DOMAIN.check(production);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        for (String adapter : ModuleRules.ADAPTERS) {
            ModuleRules.adapterIsolated(adapter).check(production);
        }
    }
}
