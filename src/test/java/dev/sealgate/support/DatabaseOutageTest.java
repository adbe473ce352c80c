package dev.sealgate.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** What the driver, the pool and Hibernate throw while PostgreSQL is down becomes 503, and nothing else does. */
class DatabaseOutageTest {

    @Test
    void connectionRefusedThroughHibernateAndJpaIsAnOutage() {
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        Throwable wrapped = new PersistenceException(new JDBCConnectionException("Unable to acquire JDBC Connection", refused));
        assertTrue(DatabaseOutage.causedBy(wrapped));
        assertTrue(DatabaseOutage.causedBy(new IllegalStateException("commit failed", refused)));
    }

    @Test
    void poolTimeoutAndServerShutdownAreOutages() {
        assertTrue(DatabaseOutage.causedBy(new PersistenceException(new SQLException(DatabaseOutage.AGROAL_ACQUISITION_TIMEOUT))));
        assertTrue(DatabaseOutage.causedBy(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseOutage.causedBy(new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE)));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertFalse(DatabaseOutage.causedBy(new ConstraintViolationException("duplicate", duplicate, "pk")));
        assertFalse(DatabaseOutage.causedBy(new SQLException("some other failure")));
        assertFalse(DatabaseOutage.causedBy(new IllegalStateException("no database involved")));
    }
}
