import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile inputs against a running SealGate, over loopback only, bounded in size and time; the JDK alone.
 * Prints one line per case and a summary; exit status 1 when any case gets an answer it must not (a 5xx
 * other than 503, a refusal where an answer was due, normal traffic slower than a second while under attack).
 * Usage: java reliability/Hostile.java BASE_URL PARTNER_TOKEN SIGNER_TOKEN
 */
public class Hostile {

    static String base;
    static String host;
    static int port;
    static String partner;
    static String signer;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static int wrong;
    static final List<String> figures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        base = args[0];
        URI uri = URI.create(base);
        host = uri.getHost();
        port = uri.getPort();
        partner = args[1];
        signer = args[2];
        idleUploads();
        zipBombs();
        deepXml();
        chunkedFloods();
        hugeJwsHeader();
        centralDirectoryForgery();
        unknownCritical();
        wrongBoundary();
        System.out.println("FIGURES " + String.join("; ", figures));
        System.exit(wrong == 0 ? 0 : 1);
    }

    static void check(String name, boolean ok, String detail) {
        System.out.println((ok ? "ok: " : "WRONG: ") + name + " — " + detail);
        if (!ok) {
            wrong++;
        }
    }

    // ---------------------------------------------------------------- normal traffic, timed

    /** Milliseconds health and a normal verification took, the worst of both; -1 when either did not answer as it should. */
    static long normalTraffic() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        long healthMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        HttpResponse<String> verification = multipart("/api/v1/verifications", partner, "x.p7s", "not a signature".getBytes(), 15);
        long verifyMs = (System.nanoTime() - start) / 1_000_000;
        if (health.statusCode() != 200 || verification.statusCode() >= 500) {
            return -1;
        }
        return Math.max(healthMs, verifyMs);
    }

    static HttpResponse<String> multipart(String path, String token, String filename, byte[] content, int seconds) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(seconds))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- 1. idle uploads

    static Socket halfSent(String path, String token, boolean form) throws IOException {
        Socket socket = new Socket(host, port);
        String boundary = "b" + UUID.randomUUID();
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (form) {
            head.append("Content-Type: multipart/form-data; boundary=").append(boundary).append("\r\nContent-Length: 5000000\r\n\r\n--")
                    .append(boundary).append("\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\n");
        } else {
            head.append("Content-Type: application/octet-stream\r\nContent-Length: 5000000\r\n\r\nthe first bytes");
        }
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    static String statusLine(Socket socket, int millis) {
        try {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.length() == 0 ? "closed" : line.toString().trim();
        } catch (SocketTimeoutException e) {
            return "waiting";
        } catch (IOException e) {
            return "closed";
        }
    }

    static void idleUploads() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                sockets.add(halfSent("/verify", null, true));
            }
            for (int i = 0; i < 250; i++) {
                sockets.add(halfSent("/api/v1/verifications", partner, true));
            }
            for (int i = 0; i < 100; i++) {
                sockets.add(halfSent("/api/v1/signatures?format=cades", signer, false));
            }
            Thread.sleep(2000);
            long worst = 0;
            boolean answered = true;
            for (int i = 0; i < 5; i++) {
                long ms = normalTraffic();
                answered &= ms >= 0;
                worst = Math.max(worst, ms);
            }
            Map<String, Integer> answers = new TreeMap<>();
            for (Socket socket : sockets) {
                answers.merge(statusLine(socket, 20), 1, Integer::sum);
            }
            check("650 half-sent uploads (300 to /verify without a token, 250 verifications and 100 documents to sign with tokens)",
                    answered && worst < 1000, "health and a normal verification answered 5 times, slowest " + worst + " ms; the uploads: " + answers);
            figures.add("idle uploads: slowest normal answer " + worst + " ms, uploads " + answers);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    // ---------------------------------------------------------------- 2. zip bombs

    static byte[] bomb(int megabytes, boolean ofdXmlIsTheBomb) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            if (ofdXmlIsTheBomb) {
                zip.putNextEntry(new ZipEntry("OFD.xml"));
                zip.write("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\">".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < megabytes; i++) {
                    zip.write(spaces);
                }
                zip.closeEntry();
            } else {
                zip.putNextEntry(new ZipEntry("Doc_0/Pages/Page_0/Content.xml"));
                for (int i = 0; i < megabytes; i++) {
                    zip.write(spaces);
                }
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("OFD.xml"));
                zip.write(("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                        + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static void zipBombs() throws Exception {
        byte[] page = bomb(4096, false);
        byte[] ofdXml = bomb(1024, true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] bomb = i % 2 == 0 ? page : ofdXml;
                answers.add(pool.submit(() -> multipart("/api/v1/verifications", partner, "bomb.ofd", bomb, 120).statusCode()));
                answers.add(pool.submit(() -> multipart("/verify", null, "bomb.ofd", bomb, 120).statusCode()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            boolean ok = statuses.keySet().stream().allMatch(s -> (s >= 400 && s < 500) || s == 503);
            check("8 zip bombs at once (" + page.length / 1024 + " KB → 4 GB page before OFD.xml; " + ofdXml.length / 1024
                    + " KB → 1 GB OFD.xml), API and /verify", ok, "answers " + statuses);
            figures.add("zip bombs: " + statuses);
        } finally {
            pool.shutdown();
        }
    }

    // ---------------------------------------------------------------- 3. deep XML

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static void deepXml() throws Exception {
        String deep = "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\">" + "<ofd:X>".repeat(100_000) + "</ofd:X>".repeat(100_000)
                + "</ofd:Document>";
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("OFD.xml", ("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>")
                .getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Document.xml", deep.getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Signs/Signatures.xml", deep.getBytes(StandardCharsets.UTF_8));
        byte[] ofd = zip(entries);
        int api = multipart("/api/v1/verifications", partner, "deep.ofd", ofd, 60).statusCode();
        int page = multipart("/verify", null, "deep.ofd", ofd, 60).statusCode();
        HttpResponse<String> sealing = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/signatures?format=ofd"))
                .header("Authorization", "Bearer " + signer).header("Content-Type", "application/ofd").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(ofd)).build(), HttpResponse.BodyHandlers.ofString());
        check("100,000-deep XML in an OFD (verified on the API and /verify, signed)", api >= 400 && api < 500 && page >= 400 && page < 500
                && sealing.statusCode() >= 400 && sealing.statusCode() < 500, "API " + api + ", /verify " + page + ", signing " + sealing.statusCode() + " "
                        + sealing.body().substring(0, Math.min(200, sealing.body().length())));
    }

    // ---------------------------------------------------------------- 4. chunked floods

    /** Sends up to {@code megabytes} chunked; returns the status line and how many MB went out before the server stopped it. */
    static String chunked(String path, String token, int megabytes) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String boundary = "b" + UUID.randomUUID();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"big.pdf\"\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            out.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(head);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'A');
            int sent = 0;
            try {
                for (; sent < megabytes; sent++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException stopped) {
                // the server answered and closed
            }
            return statusLine(socket, 30_000) + " after " + sent + " MB";
        }
    }

    static void chunkedFloods() throws Exception {
        String page = chunked("/verify", null, 600);
        String api = chunked("/api/v1/verifications", partner, 600);
        check("600 MB chunked to /verify without a token", page.startsWith("HTTP/1.1 413") || page.startsWith("HTTP/1.1 429"), page);
        check("600 MB chunked to POST /api/v1/verifications", api.startsWith("HTTP/1.1 413"), api);
        figures.add("chunked 600 MB: /verify " + page + ", API " + api);
    }

    // ---------------------------------------------------------------- 5. a 100 MB JWS header

    static void hugeJwsHeader() throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        StringBuilder header = new StringBuilder("{\"alg\":\"ES256\",\"pad\":\"");
        header.append("x".repeat(75 * 1024 * 1024)).append("\"}");
        String jws = url.encodeToString(header.toString().getBytes(StandardCharsets.US_ASCII)) + ".e30.AAAA";
        header = null;
        int big = multipart("/api/v1/verifications", partner, "big.jws", jws.getBytes(StandardCharsets.US_ASCII), 120).statusCode();
        jws = null;
        // under the verification limit, over the header limit: a report (the header is not read), or a 4xx
        StringBuilder smaller = new StringBuilder("{\"alg\":\"ES256\",\"pad\":\"").append("x".repeat(40 * 1024 * 1024)).append("\"}");
        String jws40 = url.encodeToString(smaller.toString().getBytes(StandardCharsets.US_ASCII)) + ".e30.AAAA";
        smaller = null;
        HttpResponse<String> medium = multipart("/api/v1/verifications", partner, "medium.jws", jws40.getBytes(StandardCharsets.US_ASCII), 120);
        check("a 100 MB JWS (75 MB header) and a 53 MB one (40 MB header) to POST /api/v1/verifications", big == 413
                && (medium.statusCode() == 200 || (medium.statusCode() >= 400 && medium.statusCode() < 500) || medium.statusCode() == 503),
                "100 MB: " + big + ", 53 MB: " + medium.statusCode() + " " + medium.body().substring(0, Math.min(160, medium.body().length())));
    }

    // ---------------------------------------------------------------- 6. a central directory that names another file

    static void centralDirectoryForgery() throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("OFD.xml", ("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Pages/Page_0/Content.xml", "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\">signed</ofd:Page>".getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Pages/Page_0/Content.xmX", "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\">forged</ofd:Page>".getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip(entries);
        // rename in the central directory only: the local header keeps the signed name, the directory names the forged file so
        String text = new String(zip, StandardCharsets.ISO_8859_1);
        int central = text.indexOf("PK\u0001\u0002");
        int signed = text.indexOf("Doc_0/Pages/Page_0/Content.xml", central);
        int forged = text.indexOf("Doc_0/Pages/Page_0/Content.xmX", central);
        zip[signed + 29] = 'X';
        zip[forged + 29] = 'l';
        HttpResponse<String> answer = multipart("/api/v1/verifications", partner, "forged.ofd", zip, 60);
        check("an OFD whose central directory and local headers disagree on names", answer.statusCode() == 400
                && answer.body().contains("malformed-ofd"), answer.statusCode() + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
    }

    // ---------------------------------------------------------------- 7. crit naming an unknown extension

    static void unknownCritical() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String protectedHeader = url.encodeToString("{\"alg\":\"ES256\",\"crit\":[\"exp-unknown\"],\"exp-unknown\":1}".getBytes(StandardCharsets.UTF_8));
        String input = protectedHeader + "." + url.encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        String jws = input + "." + url.encodeToString(signature.sign());
        HttpResponse<String> answer = multipart("/api/v1/verifications", partner, "crit.jws", jws.getBytes(StandardCharsets.US_ASCII), 60);
        check("a JWS whose crit names an extension nobody processes", answer.statusCode() == 200 && answer.body().contains("TOTAL_FAILED")
                && answer.body().contains("crit"), answer.statusCode() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
    }

    // ---------------------------------------------------------------- 8. a form that does not use its boundary

    static void wrongBoundary() throws Exception {
        String body = "--other\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"a.p7s\"\r\n\r\nxyz\r\n--other--\r\n";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/verifications"))
                .header("Authorization", "Bearer " + partner).header("Content-Type", "multipart/form-data; boundary=declared")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        check("a multipart body that does not use its declared boundary", answer.statusCode() == 400
                && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), answer.statusCode() + " " + answer.body());
    }
}
