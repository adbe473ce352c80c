package dev.sealgate.support;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared Content-Length exceeds the limit for its path before any byte is
 * read: documents to sign may be large, everything else is small. Bodies without a length are
 * counted where they are read.
 */
@ApplicationScoped
public class RequestSizeLimits {

    @Inject
    SigningSettings signing;

    /** Its default, with the environment variable {@code SEALGATE_MAX_BODY_SIZE}, is in application.properties. */
    @ConfigProperty(name = "sealgate.http.max-request-size")
    MemorySize maxRequest;

    /** Its default, with the environment variable {@code SEALGATE_MAX_VERIFICATION_SIZE}, is in application.properties. */
    @ConfigProperty(name = "sealgate.http.max-verification-size")
    MemorySize maxVerification;

    /** The largest body a path takes, as the README's configuration table says. */
    public long limit(String path) {
        if (path.startsWith("/api/v1/signatures")) {
            return signing.maxDocumentSize().asLongValue();
        }
        if (path.startsWith("/api/v1/verifications")) {
            return maxVerification.asLongValue();
        }
        return maxRequest.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::limit);
    }

    void limit(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long limit = limit(context.normalizedPath());
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = Long.MAX_VALUE;
            }
            if (length > limit) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"" + ProblemType.PAYLOAD_TOO_LARGE.uri() + "\",\"title\":\""
                                + ProblemType.PAYLOAD_TOO_LARGE.title() + "\",\"status\":413,\"detail\":\"The request body exceeds the limit of "
                                + limit + " bytes for this path.\"}");
                return;
            }
        }
        context.next();
    }
}
