package dev.sealgate.checkpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;

/**
 * A schema of its own on the test database of the run (H2, or PostgreSQL with -Ppostgresql), made
 * by the project's Flyway migrations up to a chosen version, for tests on plain JDBC.
 */
final class SchemaOfItsOwn {

    private final String schema;
    private final String url;
    private final String user;
    private final String password;

    SchemaOfItsOwn(String schema) {
        String configured = System.getProperty("quarkus.datasource.jdbc.url", "jdbc:h2:mem:sealgate;MODE=PostgreSQL");
        this.schema = schema;
        this.user = System.getProperty("quarkus.datasource.username", "sa");
        this.password = System.getProperty("quarkus.datasource.password", "sa");
        this.url = configured.startsWith("jdbc:h2:") ? "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL" : configured;
    }

    /** Flyway over this schema, migrating up to {@code target} ("latest" for all). */
    Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, user, password).schemas(schema).defaultSchema(schema).cleanDisabled(false)
                .locations("classpath:db/migration").target(target).load();
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        c.setSchema(schema);
        return c;
    }
}
