package dev.sealgate.audit;

import dev.sealgate.identity.Principal;

/**
 * Who acted, as the audit log names them: the Keycloak subject and username and the OAuth client
 * ({@code azp}) of the token, or SealGate itself for scheduled work (subject null).
 */
public record Actor(String subject, String username, String client) {

    public static Actor of(Principal principal, String client) {
        return new Actor(principal.subject(), principal.username(), client);
    }

    /** SealGate acting on its own, e.g. a scheduled check. */
    public static Actor system(String task) {
        return new Actor(null, "sealgate:" + task, null);
    }

    /** An unauthenticated caller. */
    public static Actor anonymous() {
        return new Actor(null, null, null);
    }
}
