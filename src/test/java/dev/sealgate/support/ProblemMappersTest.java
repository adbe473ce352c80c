package dev.sealgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.OIDCException;

/** Outages of what SealGate depends on are 503 problems a client can retry; anything else stays a 500 problem. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void databaseOutageIsA503ProblemWithRetryAfter() {
        Response response = mappers.internal(new PersistenceException(new SQLException(DatabaseOutage.AGROAL_ACQUISITION_TIMEOUT)), null);
        assertRetryableProblem(response, ProblemType.DATABASE_UNAVAILABLE);
    }

    @Test
    void keycloakUnreachableWhileVerifyingATokenIsA503ProblemWithRetryAfter() {
        Response response = mappers.identityProviderUnavailable(new OIDCException("OIDC Server is not available"), null);
        assertRetryableProblem(response, ProblemType.IDENTITY_PROVIDER_UNAVAILABLE);
    }

    @Test
    void anyOtherFailureStaysAnInternalError() {
        Response response = mappers.internal(new IllegalStateException("boom"), null);
        assertEquals(500, response.getStatus());
        assertEquals(ProblemType.INTERNAL_ERROR.uri(), ((Problem) response.getEntity()).type());
    }

    private static void assertRetryableProblem(Response response, ProblemType type) {
        assertEquals(503, response.getStatus());
        assertEquals(String.valueOf(ProblemMappers.RETRY_AFTER_SECONDS), response.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(type.uri(), ((Problem) response.getEntity()).type());
    }
}
