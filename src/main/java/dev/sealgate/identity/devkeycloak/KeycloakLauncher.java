package dev.sealgate.identity.devkeycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jboss.logging.Logger;

/**
 * Starts the official Keycloak distribution as a child process for development and tests:
 * unpacks the zip that Maven fetched into {@code target/}, copies {@code realm-config/*.json}
 * into its import folder, starts {@code kc.sh start-dev} on 127.0.0.1 and waits until the
 * realm's discovery document answers. Never used when {@code SEALGATE_KEYCLOAK_URL} is set.
 */
public final class KeycloakLauncher {

    private static final Logger LOG = Logger.getLogger(KeycloakLauncher.class);
    private static final String DIST_PREFIX = "keycloak-quarkus-dist-";
    public static final String BOOTSTRAP_ADMIN = "admin";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "admin";

    private final Path projectDir;
    private final int port;
    private final int publicPort;
    private final String realm;
    private final Duration startTimeout;

    private Process process;
    private Process watchdog;
    private Path logFile;

    public KeycloakLauncher(Path projectDir, int port, String realm, Duration startTimeout) {
        this(projectDir, port, port, realm, startTimeout);
    }

    /**
     * Keycloak listening on {@code port} but known to its clients as {@code http://localhost:publicPort}: a TCP
     * proxy in between lets a fault test cut Keycloak off and bring it back with its realm and keys unchanged.
     */
    public KeycloakLauncher(Path projectDir, int port, int publicPort, String realm, Duration startTimeout) {
        this.projectDir = projectDir.toAbsolutePath();
        this.port = port;
        this.publicPort = publicPort;
        this.realm = realm;
        this.startTimeout = startTimeout;
    }

    /**
     * Starts Keycloak for scripts ({@code reliability/}) and keeps it until this JVM is stopped.
     * Usage: {@code KeycloakLauncher <port> [public-port]}, from the project folder.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: KeycloakLauncher <port> [public-port]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int publicPort = args.length == 2 ? Integer.parseInt(args[1]) : port;
        KeycloakLauncher launcher = new KeycloakLauncher(Path.of(""), port, publicPort, "egov", Duration.ofMinutes(4));
        launcher.start();
        System.out.println("Keycloak ready: " + launcher.baseUrl());
        Thread.currentThread().join();
    }

    /** The base URL clients use; Keycloak's issuer is fixed to it whatever host name a request used. */
    public String baseUrl() {
        return "http://localhost:" + publicPort;
    }

    public int port() {
        return port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    /** Starts Keycloak and blocks until the realm answers; throws {@link KeycloakLaunchException} naming the cause. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        if (portInUse(port)) {
            throw new KeycloakLaunchException("Port " + port + " on 127.0.0.1 is already taken by another process. "
                    + "Stop it (is an earlier Keycloak still running? try: ss -ltnp 'sport = :" + port + "'), "
                    + "or set SEALGATE_KEYCLOAK_URL to use that Keycloak instead of launching one.");
        }
        Path home = unpackDistribution();
        copyRealms(home);
        logFile = projectDir.resolve("target").resolve("keycloak-" + port + ".log");
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--db=dev-mem", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname=" + baseUrl(),
                // Keycloak 26's brute-force protection (on in the realm) otherwise refuses a user's login while another of
                // the same user is in progress ("user_temporarily_disabled", no failure behind it): a back office or a test
                // fetching tokens for one user at once is not an attack; failed logins still count
                "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN_PASSWORD);
        env.remove("KC_DB");
        Instant started = Instant.now();
        LOG.infof("Starting Keycloak %s on %s (log: %s)", home.getFileName(), baseUrl(), logFile);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KeycloakLaunchException("Could not start " + command.get(0) + ": " + e.getMessage());
        }
        watchdog = startWatchdog(process.pid());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-stop"));
        awaitRealm(started);
        LOG.infof("Keycloak ready on %s after %d s", baseUrl(), Duration.between(started, Instant.now()).toSeconds());
    }

    /** Stops Keycloak and every process it started. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
        tree.add(handle);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
        process = null;
    }

    private void awaitRealm(Instant started) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create("http://127.0.0.1:" + port + "/realms/" + realm + "/.well-known/openid-configuration");
        Instant deadline = started.plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String tail = logTail();
                int code = process.exitValue();
                stop();
                throw new KeycloakLaunchException("Keycloak exited with code " + code + " before it was ready. "
                        + "Last lines of " + logFile + ":\n" + tail);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                LOG.debugf("Keycloak not ready yet: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new KeycloakLaunchException("Interrupted while waiting for Keycloak");
            }
            sleep(500);
        }
        String tail = logTail();
        stop();
        throw new KeycloakLaunchException("Keycloak did not serve realm '" + realm + "' within " + startTimeout.toSeconds()
                + " s. Last lines of " + logFile + ":\n" + tail);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A small shell loop that stops Keycloak if this JVM dies without running its shutdown hooks (SIGKILL). */
    private Process startWatchdog(long keycloakPid) {
        long self = ProcessHandle.current().pid();
        String script = "while kill -0 " + self + " 2>/dev/null && kill -0 " + keycloakPid + " 2>/dev/null; do sleep 2; done; "
                + "kill " + keycloakPid + " 2>/dev/null; sleep 15; kill -9 " + keycloakPid + " 2>/dev/null; exit 0";
        try {
            return new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warnf("No watchdog for Keycloak (%s): it stops only with this JVM's shutdown hook", e.getMessage());
            return null;
        }
    }

    private Path unpackDistribution() {
        Path zip = findDistributionZip();
        String version = zip.getFileName().toString().substring(DIST_PREFIX.length()).replace(".zip", "");
        Path home = projectDir.resolve("target").resolve("keycloak-" + version);
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path staging = projectDir.resolve("target").resolve("keycloak-" + version + ".unpacking");
        LOG.infof("Unpacking %s", zip.getFileName());
        try {
            deleteTree(staging);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                var entries = archive.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    // drop the archive's top folder (keycloak-<version>/)
                    String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                    if (name.isEmpty()) {
                        continue;
                    }
                    Path target = staging.resolve(name).normalize();
                    if (!target.startsWith(staging)) {
                        throw new KeycloakLaunchException("Refusing zip entry outside the target folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = archive.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            try (DirectoryStream<Path> scripts = Files.newDirectoryStream(staging.resolve("bin"), "*.sh")) {
                for (Path script : scripts) {
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(script));
                    perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE));
                    Files.setPosixFilePermissions(script, perms);
                }
            }
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            return home;
        } catch (IOException e) {
            throw new KeycloakLaunchException("Could not unpack " + zip + ": " + e.getMessage());
        }
    }

    private Path findDistributionZip() {
        Path dir = projectDir.resolve("target").resolve("keycloak-dist");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, DIST_PREFIX + "*.zip")) {
                for (Path zip : zips) {
                    return zip;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new KeycloakLaunchException("No Keycloak distribution in " + dir
                + ". Maven fetches it in the process-resources phase: run the README's commands from the project folder.");
    }

    private void copyRealms(Path home) {
        Path source = projectDir.resolve("realm-config");
        Path importDir = home.resolve("data/import");
        try {
            Files.createDirectories(importDir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(importDir, "*.json")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
            int copied = 0;
            try (DirectoryStream<Path> realms = Files.newDirectoryStream(source, "*.json")) {
                for (Path file : realms) {
                    Files.copy(file, importDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    copied++;
                }
            }
            if (copied == 0) {
                throw new KeycloakLaunchException("No realm files (*.json) in " + source);
            }
        } catch (IOException e) {
            throw new KeycloakLaunchException("Could not copy realms from " + source + ": " + e.getMessage());
        }
    }

    private static boolean portInUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            Deque<Path> stack = new java.util.ArrayDeque<>();
            paths.forEach(stack::push);
            while (!stack.isEmpty()) {
                Files.delete(stack.pop());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
