package dev.sealgate.support;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure to reach the database (down, unreachable, restarting, pool exhausted while it is) from
 * other errors, so the caller gets 503 with Retry-After instead of an internal error.
 */
public final class DatabaseOutage {

    /** Agroal's only signal that no connection could be had within the acquisition timeout. */
    static final String AGROAL_ACQUISITION_TIMEOUT = "Sorry, acquisition timeout!";

    private DatabaseOutage() {
    }

    /** Whether {@code failure}, or anything in its cause chain, says the database could not be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (connectionState(sql.getSQLState())
                    || AGROAL_ACQUISITION_TIMEOUT.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception) and PostgreSQL's 57P01-57P03 (administrator or crash
     * shutdown, cannot connect now).
     */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }
}
