package dev.sealgate.identity.devkeycloak;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * In the dev profile, launches Keycloak on port 8180 before the OIDC layer reads its configuration,
 * unless {@code SEALGATE_KEYCLOAK_URL} names a Keycloak to use. Other profiles are untouched.
 * Dev mode rebuilds configuration on every reload, so the running URL is kept in a JVM-wide property.
 * The launcher itself is found through {@link DevKeycloak} and is not part of the packaged
 * application (application.properties, {@code quarkus.package.jar.user-configured-ignored-entries}).
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
        DevKeycloak keycloak = ServiceLoader.load(DevKeycloak.class, DevKeycloakConfigSourceFactory.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("This build of SealGate cannot launch Keycloak (the"
                        + " launcher is left out of the packaged application): set SEALGATE_KEYCLOAK_URL to a running Keycloak."));
        ConfigValue realm = context.getValue("sealgate.realm");
        String url = keycloak.start(DEV_PORT, isSet(realm) ? realm.getValue() : "egov", Duration.ofMinutes(3));
        System.setProperty(RUNNING, url);
        return url;
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(200);
    }
}
