package dev.sealgate.support;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;


import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The one place where exceptions become RFC 9457 problem responses. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BEARER_CHALLENGE = "Bearer realm=\"sealgate\"";
    /** Seconds a client should wait before retrying while the database or Keycloak is unreachable. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    jakarta.enterprise.event.Event<DeniedAttempt> deniedAttempts;

    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(AuthenticationFailedException e, UriInfo uri, ContainerRequestContext request,
            ResourceInfo resource) {
        return denied(unauthorized(uri, "The bearer token is missing, malformed, expired, not signed by the realm, or not meant for this API."),
                request, resource, uri);
    }

    @ServerExceptionMapper
    public Uni<Response> unauthorized(UnauthorizedException e, UriInfo uri, ContainerRequestContext request, ResourceInfo resource) {
        return denied(unauthorized(uri, "This resource requires a bearer token issued by the realm for audience sealgate-api."),
                request, resource, uri);
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e, UriInfo uri, ContainerRequestContext request, ResourceInfo resource) {
        return denied(respond(ProblemType.FORBIDDEN, "Your roles do not allow this operation.", uri), request, resource, uri);
    }

    @ServerExceptionMapper
    public Uni<Response> domain(ProblemException e, UriInfo uri, ContainerRequestContext request, ResourceInfo resource) {
        Response.ResponseBuilder builder = builder(e.type(), e.getMessage(), uri);
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e instanceof StepUpRequired stepUp) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, stepUp.challenge());
        }
        Response response = builder.build();
        int status = e.type().status();
        return status == 401 || status == 403 ? denied(response, request, resource, uri) : Uni.createFrom().item(response);
    }

    /**
     * Every refused request is an audit entry. The caller's token is read here, on the request's
     * thread; the entry is written on a worker thread, since the refusal may happen on the I/O thread.
     */
    private Uni<Response> denied(Response response, ContainerRequestContext request, ResourceInfo resource, UriInfo uri) {
        JsonWebToken token = response.getStatus() == 403 && request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt
                ? jwt : null;
        String method = request.getMethod();
        String path = uri.getPath();
        return Uni.createFrom().item(() -> {
            // observed synchronously (the audit log writes it), before the response goes out
            deniedAttempts.fire(DeniedAttempt.of(token, method, resource, path));
            return response;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The realm's keys could not be fetched (Keycloak was unreachable when SealGate started and still is):
     * the token cannot be checked yet, which is not the caller's fault.
     */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(OIDCException e, UriInfo uri) {
        LOG.warnf("Keycloak unreachable, tokens cannot be verified yet (%s)", e.getMessage());
        return builder(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                "The identity provider is not reachable, so the token cannot be verified yet. Try again shortly.", uri)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(ProblemType.NOT_FOUND, "Nothing is served at this path.", uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return respond(ProblemType.METHOD_NOT_ALLOWED, "This path does not accept that HTTP method.", uri);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return respond(ProblemType.NOT_ACCEPTABLE, "The Accept header asks for a representation this resource cannot produce.", uri);
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e, UriInfo uri) {
        return respond(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This resource does not accept that Content-Type.", uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON of the expected shape.", uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return respond(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds the configured limit.", uri);
        }
        if (status >= 400 && status < 500) {
            return builder(ProblemType.MALFORMED_REQUEST, "The request could not be understood.", uri).status(status).build();
        }
        return internal(e, uri);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, UriInfo uri) {
        if (clientGone(e)) {
            // the connection closed while its body was being read (the client went away, or UploadGate closed an overdue
            // upload): nobody reads this answer, and anyone can cause it, so one line at DEBUG rather than a stack trace
            LOG.debugf("The request's connection closed before its body arrived (%s)", uri == null ? "-" : uri.getPath());
            return respond(ProblemType.MALFORMED_REQUEST, "The request body did not arrive.", uri);
        }
        if (malformedForm(e)) {
            return respond(ProblemType.MALFORMED_REQUEST, "The multipart body does not follow its declared boundary.", uri);
        }
        if (DatabaseOutage.causedBy(e)) {
            LOG.warnf("Database unreachable (%s); answering 503", e.getClass().getSimpleName());
            return builder(ProblemType.DATABASE_UNAVAILABLE,
                    "The database is not reachable; nothing was stored. Try again shortly.", uri)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error, incident %s", incident);
        return respond(ProblemType.INTERNAL_ERROR, "An internal error occurred. Incident " + incident + ".", uri);
    }

    /** Whether {@code e} is the multipart parser finding the body's end before its closing boundary: the client's error. */
    static boolean malformedForm(Throwable e) {
        return e instanceof java.io.IOException && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().endsWith(".multipart.MultiPartParserDefinition$MultiPartUploadHandler");
    }

    /** Whether {@code e} is a read from a connection that closed under it. */
    static boolean clientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private Response unauthorized(UriInfo uri, String detail) {
        return builder(ProblemType.UNAUTHORIZED, detail, uri).header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
    }

    private Response respond(ProblemType type, String detail, UriInfo uri) {
        return builder(type, detail, uri).build();
    }

    private static Response.ResponseBuilder builder(ProblemType type, String detail, UriInfo uri) {
        Problem body = new Problem(type.uri(), type.title(), type.status(), detail, uri == null ? null : uri.getPath());
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body);
    }
}
