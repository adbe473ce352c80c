package dev.sealgate.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.sealgate.identity.devkeycloak.KeycloakLauncher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real Keycloak (the same launcher as the run command) on a free port for the test run,
 * and registers an extra realm signing key whose private half the tests hold, so that they can mint
 * tokens the realm really trusts but with claims Keycloak would never issue (expired, future, ...).
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private KeycloakLauncher launcher;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("SEALGATE_KEYCLOAK_URL");
        String url;
        if (external != null && !external.isBlank()) {
            url = external;
        } else {
            launcher = new KeycloakLauncher(Path.of(""), KeycloakLauncher.freePort(), "egov", Duration.ofMinutes(4));
            launcher.start();
            url = launcher.baseUrl();
        }
        System.setProperty(TestRealm.URL_PROPERTY, url);
        TestRealm.registerForgeryKey();
        return Map.of("sealgate.keycloak.url", url);
    }

    @Override
    public void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }
}
