package dev.moeserve.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules of ARCHITECTURE.md as ArchUnit rules, shared by the real check and its negative test. */
final class ModuleRules {
    static final String DOMAIN = "dev.moeserve.domain..";
    static final String APPLICATION = "dev.moeserve.application..";
    static final String[] ADAPTERS = {
            "dev.moeserve.adapters.cpu..",
            "dev.moeserve.adapters.cuda..",
            "dev.moeserve.adapters.ascend..",
            "dev.moeserve.adapters.web..",
    };

    private ModuleRules() {
    }

    /** The domain uses the JDK and itself, nothing else; JDBC counts as infrastructure even though the JDK ships it. */
    static final ArchRule DOMAIN_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat(resideInAnyPackage(DOMAIN, "java..")
                    .and(not(resideInAnyPackage("java.sql..", "java.awt..", "java.net.http.."))))
            .because("the domain is plain Java: no Micronaut, JDBC, Jackson or JavaCPP");

    /** The application uses the domain, itself and the JDK. */
    static final ArchRule APPLICATION_DEPENDS_ON_DOMAIN_ONLY = classes()
            .that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
            .because("use cases depend on the domain only");

    /** No framework annotation (Micronaut, jakarta.inject, jakarta.persistence, ...) in the domain. */
    static final ArchRule NO_FRAMEWORK_ANNOTATIONS_IN_DOMAIN = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().beAnnotatedWith(DescribedPredicate.describe("a framework annotation",
                    (JavaAnnotation<?> annotation) -> isFrameworkPackage(annotation.getRawType().getPackageName())))
            .because("framework annotations stay at the edges");

    private static boolean isFrameworkPackage(String name) {
        return name.startsWith("io.micronaut") || name.startsWith("jakarta.") || name.startsWith("javax.inject")
                || name.startsWith("com.fasterxml") || name.startsWith("org.springframework");
    }

    /** Each adapter may not use any other adapter. */
    static ArchRule adapterIsolated(String adapter) {
        String[] others = java.util.Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
        return noClasses().that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("adapters never depend on each other; infrastructure wires them");
    }
}
