package dev.sealgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An HTTP load generator for the running service (loopback only): for each concurrency level, that
 * many clients sign (or verify) small documents back to back for a fixed time with real Keycloak
 * tokens (closed loop); prints throughput, p50/p99/max latency, non-2xx answers and the service's
 * peak RSS. A level written {@code 600/s} sends requests at that fixed rate instead (open loop, as
 * users arrive: each request leaves at its planned time whether or not the earlier ones were
 * answered, and its latency counts from that time, so a stall is not hidden by requests that were
 * never sent); {@code 80%} is that rate at 80 % of the highest throughput measured so far in the run.
 *
 * <p>Operations: {@code sign} (CAdES detached B-B of a 2.3 KB text), {@code verify} (that signature with its
 * original), {@code pades} and {@code pades-visible} (PAdES of a one-page 10 KB PDF with the department's
 * seal key, invisible or with the seal, the signing time and the QR code drawn on the page; the level
 * from the system property {@code sealgate.bench.level}, B-B unless set).
 *
 * <p>Arguments: {@code sealgate-url keycloak-url operation seconds-per-level pid levels...}; several instances as
 * comma-separated URLs and pids: the clients take the instances in turn, the RSS is their sum.
 */
public final class HttpLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: HttpLoad sealgate-url keycloak-url sign|verify|pades|pades-visible seconds pid "
                    + "level... (clients, or requests/s as 600/s, or a percentage of the best so far as 80%)");
            System.exit(2);
        }
        List<URI> bases = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        String keycloak = args[1];
        String operation = args[2];
        int seconds = Integer.parseInt(args[3]);
        long[] pid = Arrays.stream(args[4].split(",")).mapToLong(Long::parseLong).toArray();
        for (URI base : bases) {
            if (!List.of("localhost", "127.0.0.1").contains(base.getHost())) {
                throw new IllegalArgumentException("load goes to loopback only, not " + base.getHost());
            }
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        if (!List.of("sign", "verify", "pades", "pades-visible").contains(operation)) {
            throw new IllegalArgumentException("unknown operation " + operation);
        }
        // one JVM per operation, each logging servant1 in with the dev one-time code: never the same code twice
        dev.sealgate.testsupport.StepUpLogin.rememberStepsAcrossRuns();
        byte[] document = operation.startsWith("pades") ? BenchPki.pdf(10 * 1024)
                : "Decision 2026/4411 on a building permit, one page of text\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %9s %9s %9s %8s %12s %10s%n", "clients", "requests", "per second", "p50 ms",
                "p99 ms", "max ms", "non-2xx", "peak RSS MB", "machine CPU");
        double best = 0;
        for (int i = 5; i < args.length; i++) {
            String spec = args[i];
            double rate = spec.endsWith("/s") ? Double.parseDouble(spec.substring(0, spec.length() - 2))
                    : spec.endsWith("%") ? best * Double.parseDouble(spec.substring(0, spec.length() - 1)) / 100 : 0;
            if ((spec.endsWith("/s") || spec.endsWith("%")) && rate <= 0) {
                throw new IllegalArgumentException(spec + ": no rate (a percentage needs a closed-loop level before it)");
            }
            int clients = rate > 0 ? 0 : Integer.parseInt(spec);
            // a fresh token per level: access tokens live five minutes
            String token = token(client, keycloak, "servant1");
            byte[] signature = "verify".equals(operation) ? sign(client, bases.get(0), token, document) : null;
            long[] cpuBefore = cpuTicks();
            Level level = rate > 0 ? runAtRate(client, bases, token, operation, document, signature, rate, seconds, pid)
                    : run(client, bases, token, operation, document, signature, clients, seconds, pid);
            long[] cpuAfter = cpuTicks();
            double busy = cpuAfter[1] == cpuBefore[1] ? 0 : 100.0 * (cpuAfter[0] - cpuBefore[0]) / (cpuAfter[1] - cpuBefore[1]);
            if (rate == 0) {
                best = Math.max(best, (level.latencies.length - level.failures) / (double) seconds);
            }
            String label = rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : Integer.toString(clients);
            System.out.printf(Locale.ROOT, "%-10s %8d %10.1f %9.1f %9.1f %9.1f %8d %12d %9.0f%%%n", label, level.latencies.length,
                    level.latencies.length / (double) seconds, millis(level.percentile(0.50)), millis(level.percentile(0.99)),
                    millis(level.percentile(1.0)), level.failures, level.peakRssMb, busy);
            level.statuses.forEach((status, count) -> {
                if (status / 100 != 2) {
                    System.out.printf(Locale.ROOT, "           status %d: %d%n", status, count);
                }
            });
        }
        System.exit(0);
    }

    private record Level(long[] latencies, long failures, Map<Integer, Long> statuses, long peakRssMb) {
        long percentile(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))];
        }
    }

    private static Level run(HttpClient client, List<URI> bases, String token, String operation, byte[] document, byte[] signature,
            int clients, int seconds, long[] pid) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong peakRss = new AtomicLong(rssMb(pid));
        List<Future<long[][]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            URI base = bases.get(c % bases.size());
            results.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                long[] statuses = new long[600];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = "verify".equals(operation) ? verifyStatus(client, base, token, signature, document)
                            : signStatus(client, base, token, operation, document);
                    long took = System.nanoTime() - start;
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                    statuses[Math.min(status, 599)]++;
                }
                return new long[][] { Arrays.copyOf(latencies, n), statuses };
            }));
        }
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            peakRss.accumulateAndGet(rssMb(pid), Math::max);
        }
        List<long[]> all = new ArrayList<>();
        long[] statuses = new long[600];
        for (Future<long[][]> result : results) {
            long[][] r = result.get();
            all.add(r[0]);
            for (int s = 0; s < statuses.length; s++) {
                statuses[s] += r[1][s];
            }
        }
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<Integer, Long> byStatus = new TreeMap<>();
        long failures = 0;
        for (int s = 0; s < statuses.length; s++) {
            if (statuses[s] > 0) {
                byStatus.put(s, statuses[s]);
                failures += s / 100 == 2 ? 0 : statuses[s];
            }
        }
        return new Level(latencies, failures, byStatus, Math.max(peakRss.get(), rssMb(pid)));
    }

    /** Requests leaving at a fixed rate for {@code seconds}, each timed from its planned departure. */
    private static Level runAtRate(HttpClient client, List<URI> bases, String token, String operation, byte[] document,
            byte[] signature, double rate, int seconds, long[] pid) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicLong peakRss = new AtomicLong(rssMb(pid));
        long[] latencies = new long[(int) (rate * seconds) + 16];
        java.util.concurrent.atomic.AtomicLongArray statuses = new java.util.concurrent.atomic.AtomicLongArray(600);
        long nextRss = start;
        int sent = 0;
        for (long planned = start; planned < end && sent < latencies.length; planned = start + (++sent) * interval) {
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            long leaves = planned;
            URI base = bases.get(sent % bases.size());
            int slot = sent;
            pool.execute(() -> {
                int status = "verify".equals(operation) ? verifyStatus(client, base, token, signature, document)
                        : signStatus(client, base, token, operation, document);
                latencies[slot] = System.nanoTime() - leaves;
                statuses.incrementAndGet(Math.min(status, 599));
            });
            if (System.nanoTime() > nextRss) {
                peakRss.accumulateAndGet(rssMb(pid), Math::max);
                nextRss = System.nanoTime() + 500_000_000L;
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered a minute after the level");
        }
        long[] sorted = Arrays.copyOf(latencies, sent);
        Arrays.sort(sorted);
        Map<Integer, Long> byStatus = new TreeMap<>();
        long failures = 0;
        for (int s = 0; s < statuses.length(); s++) {
            if (statuses.get(s) > 0) {
                byStatus.put(s, statuses.get(s));
                failures += s / 100 == 2 ? 0 : statuses.get(s);
            }
        }
        return new Level(sorted, failures, byStatus, Math.max(peakRss.get(), rssMb(pid)));
    }

    private static int signStatus(HttpClient client, URI base, String token, String operation, byte[] document) {
        String level = System.getProperty("sealgate.bench.level", "B-B");
        String query = switch (operation) {
            case "pades" -> "format=pades&key=seal&level=" + level;
            case "pades-visible" -> "format=pades&key=seal&appearance=visible&level=" + level;
            default -> "format=cades&packaging=detached&level=B-B";
        };
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/signatures?" + query))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", operation.startsWith("pades") ? "application/pdf" : "application/octet-stream")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(document)).build();
        return send(client, request);
    }

    private static int verifyStatus(HttpClient client, URI base, String token, byte[] signature, byte[] document) {
        String boundary = "sealgate-load";
        byte[] body = multipart(boundary, signature, document);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/verifications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(client, request);
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    private static byte[] sign(HttpClient client, URI base, String token, byte[] document) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/signatures?format=cades&packaging=detached&level=B-B"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document)).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("signing the document to verify failed: " + response.statusCode());
        }
        return response.body();
    }

    private static byte[] multipart(String boundary, byte[] signature, byte[] document) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        part(out, boundary, "signed", "document.p7s", signature);
        part(out, boundary, "original", "document.txt", document);
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void part(java.io.ByteArrayOutputStream out, String boundary, String name, String file, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + file
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String token(HttpClient client, String keycloak, String user) throws Exception {
        if (dev.sealgate.testsupport.TestRealm.WITH_ONE_TIME_CODE.contains(user)) {
            // signing demands a step-up login (acr 2, at most 5 minutes old): through the login form with the dev one-time code
            return new dev.sealgate.testsupport.StepUpLogin(keycloak, "egov").login(user, user, "2");
        }
        String form = "grant_type=password&client_id=dev-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak + "/realms/egov/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    /** The machine's busy and total CPU ticks from /proc/stat (all cores; busy = not idle or waiting for I/O). */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] { total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total };
        } catch (IOException | RuntimeException e) {
            return new long[] { 0, 0 };
        }
    }

    /** Resident set size of the service's instances together, from /proc (Linux), in MB. */
    private static long rssMb(long[] pids) {
        return Arrays.stream(pids).map(HttpLoad::rssMb).sum();
    }

    /** Resident set size of one process from /proc (Linux), in MB; 0 when unreadable. */
    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
