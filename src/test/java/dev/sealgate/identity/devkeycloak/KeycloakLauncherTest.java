package dev.sealgate.identity.devkeycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's failures name their cause instead of hanging or starting half a server. */
class KeycloakLauncherTest {

    @Test
    void portTakenIsReportedWithThePortAndTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            KeycloakLauncher launcher = new KeycloakLauncher(Path.of(""), taken.getLocalPort(), "egov", Duration.ofSeconds(5));
            KeycloakLaunchException e = assertThrows(KeycloakLaunchException.class, launcher::start);
            assertTrue(e.getMessage().contains("Port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("SEALGATE_KEYCLOAK_URL"), e.getMessage());
        }
    }

    @Test
    void missingDistributionSaysWhereItLooked(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve("realm-config"));
        KeycloakLauncher launcher = new KeycloakLauncher(project, KeycloakLauncher.freePort(), "egov", Duration.ofSeconds(5));
        KeycloakLaunchException e = assertThrows(KeycloakLaunchException.class, launcher::start);
        assertTrue(e.getMessage().contains("No Keycloak distribution in " + project.toAbsolutePath().resolve("target/keycloak-dist")),
                e.getMessage());
    }

    @Test
    void keycloakThatDiesAtStartShowsTheTailOfItsLog(@TempDir Path project) throws Exception {
        // A stand-in distribution whose kc.sh fails the way a broken realm or option makes Keycloak fail.
        standInDistribution(project, "echo 'ERROR: Failed to import realm egov'\nexit 3");

        KeycloakLauncher launcher = new KeycloakLauncher(project, KeycloakLauncher.freePort(), "egov", Duration.ofSeconds(30));
        KeycloakLaunchException e = assertThrows(KeycloakLaunchException.class, launcher::start);
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR: Failed to import realm egov"), e.getMessage());
    }

    @Test
    void keycloakBehindAProxyIsToldItsPublicAddress(@TempDir Path project) throws Exception {
        standInDistribution(project, "echo \"args: $*\"\nexit 1");
        int port = KeycloakLauncher.freePort();

        KeycloakLauncher launcher = new KeycloakLauncher(project, port, 45999, "egov", Duration.ofSeconds(30));
        KeycloakLaunchException e = assertThrows(KeycloakLaunchException.class, launcher::start);
        assertTrue(e.getMessage().contains("--http-port=" + port + " --hostname=http://localhost:45999"), e.getMessage());
        assertEquals("http://localhost:45999", launcher.baseUrl());
    }

    /** A project with a realm file and an unpacked "distribution" whose kc.sh runs {@code script}. */
    private static void standInDistribution(Path project, String script) throws Exception {
        Files.createDirectories(project.resolve("realm-config"));
        Files.writeString(project.resolve("realm-config/egov-realm.json"), "{}");
        Files.createDirectories(project.resolve("target/keycloak-dist"));
        Files.createFile(project.resolve("target/keycloak-dist/keycloak-quarkus-dist-0.0.1.zip"));
        Path kc = project.resolve("target/keycloak-0.0.1/bin/kc.sh");
        Files.createDirectories(kc.getParent());
        Files.writeString(kc, "#!/bin/sh\n" + script + "\n");
        kc.toFile().setExecutable(true);
    }
}
