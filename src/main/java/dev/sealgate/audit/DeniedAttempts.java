package dev.sealgate.audit;

import java.lang.reflect.Method;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Writes a refused request (401 or 403) to the audit log in a transaction of its own: the action it
 * attempted did not happen, but the attempt did. The action is the HTTP method and the endpoint's
 * path template, never the concrete path or query (which may carry identifiers).
 */
@ApplicationScoped
public class DeniedAttempts {

    private static final Logger LOG = Logger.getLogger(DeniedAttempts.class);

    @Inject
    AuditLog audit;

    /** @param caller the verified token, or null when the caller was not authenticated */
    public void record(JsonWebToken caller, String method, ResourceInfo resource, String path) {
        Actor actor = caller == null ? Actor.anonymous()
                : new Actor(claim(caller, "sub"), claim(caller, "preferred_username"), claim(caller, "azp"));
        String action = method + " " + template(resource, path);
        try {
            QuarkusTransaction.requiringNew().run(() -> audit.record(actor, action, null, null, null, AuditLog.DENIED));
        } catch (RuntimeException e) {
            LOG.warnf("A denied attempt (%s) could not be written to the audit log: %s", action, e.getClass().getName());
        }
    }

    private static String template(ResourceInfo resource, String path) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return path;
        }
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        String template = (type == null ? "" : type.value()) + (sub == null ? "" : (sub.value().startsWith("/") ? "" : "/") + sub.value());
        return template.length() > 240 ? template.substring(0, 240) : template;
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value == null ? null : value.toString().replace("\"", "");
    }
}
