package dev.moeserve.domain.archfixture;

import io.micronaut.context.annotation.Bean;

import java.sql.Connection;

/** A deliberately bad "domain" class (test fixture only): a framework annotation and a JDBC dependency. */
@Bean
public class DomainClassBreakingTheRules {
    public boolean isOpen(Connection connection) throws java.sql.SQLException {
        return !connection.isClosed();
    }
}
