package dev.sealgate.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the realm's discovery document answers: without it no token can be verified anew. */
@Readiness
@ApplicationScoped
public class KeycloakReadinessCheck implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Override
    public HealthCheckResponse call() {
        URI discovery = URI.create(realmUrl + "/.well-known/openid-configuration");
        var response = HealthCheckResponse.named("keycloak").withData("realm", realmUrl);
        try {
            int status = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return response.status(status == 200).withData("discovery-status", status).build();
        } catch (IOException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }
}
