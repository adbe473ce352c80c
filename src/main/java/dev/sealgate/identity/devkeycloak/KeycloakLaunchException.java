package dev.sealgate.identity.devkeycloak;

/** Keycloak could not be started for development or tests; the message names the cause. */
public class KeycloakLaunchException extends RuntimeException {

    public KeycloakLaunchException(String message) {
        super(message);
    }
}
