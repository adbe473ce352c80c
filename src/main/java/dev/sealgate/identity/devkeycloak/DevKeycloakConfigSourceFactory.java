package dev.sealgate.identity.devkeycloak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * In the dev profile, launches Keycloak on port 8180 before the OIDC layer reads its configuration,
 * unless {@code SEALGATE_KEYCLOAK_URL} names a Keycloak to use. Other profiles are untouched.
 * Dev mode rebuilds configuration on every reload, so the running URL is kept in a JVM-wide property.
 */
public class DevKeycloakConfigSourceFactory implements ConfigSourceFactory {

    static final String RUNNING = "sealgate.dev-keycloak.running-url";
    private static final int DEV_PORT = 8180;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || isSet(context.getValue("sealgate.keycloak.url"))) {
            return List.of();
        }
        String url = System.getProperty(RUNNING);
        if (url == null) {
            url = launch(context);
        }
        return List.of(new PropertiesConfigSource(Map.of("sealgate.keycloak.url", url), "sealgate-dev-keycloak", 200));
    }

    private static synchronized String launch(ConfigSourceContext context) {
        String running = System.getProperty(RUNNING);
        if (running != null) {
            return running;
        }
        ConfigValue realm = context.getValue("sealgate.realm");
        KeycloakLauncher launcher = new KeycloakLauncher(Path.of(""), DEV_PORT,
                isSet(realm) ? realm.getValue() : "egov", Duration.ofMinutes(3));
        launcher.start();
        System.setProperty(RUNNING, launcher.baseUrl());
        return launcher.baseUrl();
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(200);
    }
}
