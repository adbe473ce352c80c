package dev.sealgate.identity.devkeycloak;

import java.time.Duration;

/**
 * Starts a Keycloak for dev mode and answers its base URL. The implementation ({@link DevModeKeycloak},
 * over {@link KeycloakLauncher}) is found through {@link java.util.ServiceLoader} and is left out of
 * the production artifact: a packaged SealGate has no way to launch Keycloak.
 */
public interface DevKeycloak {

    String start(int port, String realm, Duration startTimeout);
}
