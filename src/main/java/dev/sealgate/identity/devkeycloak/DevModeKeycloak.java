package dev.sealgate.identity.devkeycloak;

import java.nio.file.Path;
import java.time.Duration;

/** The dev-mode Keycloak: the official distribution, started by {@link KeycloakLauncher} from the project folder. */
public final class DevModeKeycloak implements DevKeycloak {

    @Override
    public String start(int port, String realm, Duration startTimeout) {
        KeycloakLauncher launcher = new KeycloakLauncher(Path.of(""), port, realm, startTimeout);
        launcher.start();
        return launcher.baseUrl();
    }
}
