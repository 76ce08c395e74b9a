package dev.moeserve.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.moeserve.adapters.cpu.archfixture.CpuAdapterReachingIntoWeb;
import dev.moeserve.domain.archfixture.DomainClassBreakingTheRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules are not vacuous: deliberately bad fixture classes (test sources only) make them fail. */
class ModuleRulesCatchViolationsTest {

    private final JavaClasses badDomain = new ClassFileImporter().importClasses(DomainClassBreakingTheRules.class);
    private final JavaClasses badAdapter = new ClassFileImporter().importClasses(CpuAdapterReachingIntoWeb.class);

    @Test
    void domainUsingJdbcBreaksTheJdkOnlyRule() {
        assertThatThrownBy(() -> ModuleRules.DOMAIN_DEPENDS_ON_JDK_ONLY.check(badDomain))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.sql.Connection");
    }

    @Test
    void domainWithAMicronautAnnotationBreaksTheAnnotationRule() {
        assertThatThrownBy(() -> ModuleRules.NO_FRAMEWORK_ANNOTATIONS_IN_DOMAIN.check(badDomain))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DomainClassBreakingTheRules");
    }

    @Test
    void adapterUsingAnotherAdapterBreaksTheIsolationRule() {
        assertThatThrownBy(() -> ModuleRules.adapterIsolated("dev.moeserve.adapters.cpu..").check(badAdapter))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.moeserve.adapters.web");
    }
}
