package dev.sealgate.support;

import java.lang.reflect.Method;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A refused request (401 or 403), announced as a CDI event by the problem mapping: the audit log
 * observes it (an attempt is an entry even though its action did not happen). The action is the HTTP
 * method and the endpoint's path template, never the concrete path or query (which may carry
 * identifiers); the caller's names come from the verified token, absent when it was not authenticated.
 */
public record DeniedAttempt(String subject, String username, String client, String action) {

    static DeniedAttempt of(JsonWebToken caller, String method, ResourceInfo resource, String path) {
        String action = method + " " + template(resource, path);
        return caller == null ? new DeniedAttempt(null, null, null, action)
                : new DeniedAttempt(claim(caller, "sub"), claim(caller, "preferred_username"), claim(caller, "azp"), action);
    }

    public boolean anonymous() {
        return subject == null && username == null && client == null;
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
