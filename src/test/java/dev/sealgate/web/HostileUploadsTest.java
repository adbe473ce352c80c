package dev.sealgate.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Half-sent uploads do not stop the service: 250 connections that send the start of a multipart body
 * to the public {@code /verify} page (no token), then go quiet, from one address and from many.
 * Meanwhile health and a normal verification from another address are answered, the surplus uploads
 * are refused at once (429 from one address, 503 when too many arrive in all) without a worker thread,
 * and every held connection is closed once its body is overdue (the test profile's grace: 4 s).
 */
@QuarkusTest
class HostileUploadsTest {

    private static final int PORT = 8081;

    /** One connection that sends its headers and part of a raw (not multipart) body, then nothing. */
    private static Socket halfSentDocument(String path, String address, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", PORT);
        socket.setSoTimeout(60_000);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address + "\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n"
                + "the first bytes of a document";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** One connection that sends its headers and part of its body, then nothing. */
    private static Socket halfSent(String path, String address, String token) throws IOException {
        return halfSent(path, address, token, 200_000);
    }

    private static Socket halfSent(String path, String address, String token, int length) throws IOException {
        Socket socket = new Socket("127.0.0.1", PORT);
        socket.setSoTimeout(60_000);
        String boundary = "b" + UUID.randomUUID();
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + length + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** The status line the server sent, or "closed" when it closed without answering, or "waiting" after {@code millis}. */
    private static String answer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
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

    /**
     * What each connection was answered, once the server has had time to answer all the refused ones (a refusal
     * is immediate, from the event loop; two seconds leave room for a slow machine).
     */
    private static Map<String, Integer> answers(List<Socket> sockets) throws Exception {
        Thread.sleep(2000);
        Map<String, Integer> answers = new HashMap<>();
        for (Socket socket : sockets) {
            answers.merge(answer(socket, 50), 1, Integer::sum);
        }
        return answers;
    }

    private static void normalTrafficIsServed(String token) throws Exception {
        CompletableFuture<Integer> health = CompletableFuture.supplyAsync(() -> given().get("/q/health/ready").statusCode());
        CompletableFuture<Integer> verification = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                .header("X-Forwarded-For", "192.0.2.200").multiPart("signed", "x.p7s", "not a signature".getBytes(), "application/pkcs7-signature")
                .post("/api/v1/verifications").statusCode());
        // generous bounds for a slow machine; without the gate neither answers while the uploads hang
        assertEquals(200, health.get(20, TimeUnit.SECONDS));
        int status = verification.get(20, TimeUnit.SECONDS);
        assertTrue(status == 400 || status == 422 || status == 200, "a normal verification is answered, not held: " + status);
    }

    /** Lines of the test run's log at ERROR (the file the test profile writes). */
    private static long errorLines() throws IOException {
        java.nio.file.Path log = java.nio.file.Path.of("target", "quarkus-test.log");
        try (var lines = java.nio.file.Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(" ERROR [")).count();
        }
    }

    @Test
    void twoHundredFiftyHalfSentUploadsFromOneAddressAreRefusedAtOnceAndTheHeldOnesClosed() throws Exception {
        long errorsBefore = errorLines();
        String token = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                sockets.add(halfSent("/verify", "203.0.113.250", null));
            }
            normalTrafficIsServed(token);
            Map<String, Integer> answers = answers(sockets);
            int held = answers.getOrDefault("waiting", 0);
            assertTrue(held <= 8, "at most max-receiving-per-client bodies from one address are let in: " + answers);
            assertTrue(answers.keySet().stream().filter(a -> a.startsWith("HTTP/1.1 ")).allMatch(a -> a.equals("HTTP/1.1 429 Too Many Requests")),
                    answers.toString());

            // the held ones are closed once overdue: 4 s + 200 000 B / 64 KiB/s
            for (Socket socket : sockets) {
                String late = answer(socket, 30_000);
                assertTrue(!late.equals("waiting"), "a held upload is closed when its body is overdue");
            }
            // closing them is no incident: nothing at ERROR, no stack traces to flood the log
            Thread.sleep(1000);
            assertEquals(errorsBefore, errorLines(), "uploads cut off are not logged at ERROR");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void uploadsFromManyAddressesFillTheTotalAndAreToldToComeBack() throws Exception {
        String token = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                sockets.add(halfSent("/verify", "198.18." + (i / 200) + "." + (i % 200), null));
            }
            Map<String, Integer> answers = answers(sockets);
            assertTrue(answers.getOrDefault("waiting", 0) <= 64, "at most max-receiving bodies arrive at once: " + answers);
            normalTrafficIsServed(token);
            assertTrue(answers.getOrDefault("HTTP/1.1 503 Service Unavailable", 0) >= 250 - 64, answers.toString());
            for (Socket socket : sockets) {
                socket.close();
            }
            sockets.clear();
            // the closed ones free their places: normal traffic goes on
            Thread.sleep(500);
            normalTrafficIsServed(token);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * A token holder cannot hold the workers either: every body is read on the event loop before a worker is
     * taken (BodyReader), so 150 half-sent verifications from a partner and 100 half-sent documents to sign from
     * a signer, all from one address, hold no thread: health and a normal verification are answered, and each
     * held connection is closed when its body is overdue, without an ERROR line.
     */
    @Test
    void halfSentUploadsToTheApiHoldNoWorker() throws Exception {
        long errorsBefore = errorLines();
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        String signer = TestRealm.userToken("servant1");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                // declared 1 MB: overdue after 4 s + 1 MB at 64 KiB/s, about 19 s, long after normal traffic was served
                sockets.add(halfSent("/api/v1/verifications", "203.0.113.77", partner, 1_000_000));
            }
            for (int i = 0; i < 100; i++) {
                sockets.add(halfSentDocument("/api/v1/signatures?format=cades", "203.0.113.77", signer));
            }
            // more than the worker pool's 200 threads would have to wait, were bodies read by workers
            Thread.sleep(1000);
            normalTrafficIsServed(partner);
            Map<String, Integer> answers = answers(sockets);
            assertEquals(250, answers.getOrDefault("waiting", 0), "nothing is refused or answered before its body arrives: " + answers);
            for (Socket socket : sockets) {
                String late = answer(socket, 30_000);
                assertTrue(!late.equals("waiting"), "a held upload is closed when its body is overdue");
            }
            Thread.sleep(1000);
            assertEquals(errorsBefore, errorLines(), "uploads cut off are not logged at ERROR");
            normalTrafficIsServed(partner);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A chunked body is counted while it arrives: past its path's limit it is refused, whatever it did not declare. */
    @Test
    void aChunkedBodyPastItsPathsLimitIsRefused() throws Exception {
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/shares HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + partner
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            String status = null;
            try {
                // 10 MB is the limit of every path but documents to sign and verifications; send up to 12 MB
                for (int i = 0; i < 12 * 16; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (IOException e) {
                // refused and closed while sending: the answer was written before the close
            }
            status = answer(socket, 10_000);
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        }
    }

    /** Verifications take what the README says ({@code SEALGATE_MAX_VERIFICATION_SIZE}, 64 MB), not a document to sign's 1100 MB. */
    @Test
    void aVerificationDeclaringMoreThanItsLimitIsRefusedBeforeItIsRead() throws Exception {
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        try (Socket socket = halfSentWithLength("/api/v1/verifications", partner, 200L * 1024 * 1024)) {
            assertEquals("HTTP/1.1 413 Request Entity Too Large", answer(socket, 10_000));
        }
    }

    private static Socket halfSentWithLength(String path, String token, long length) throws IOException {
        Socket socket = new Socket("127.0.0.1", PORT);
        String boundary = "b" + UUID.randomUUID();
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + length + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void aMultipartBodyThatDoesNotUseItsBoundaryIsABadRequest() {
        String token = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        String body = "--other\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"a.p7s\"\r\n\r\nxyz\r\n--other--\r\n";
        for (String path : List.of("/api/v1/verifications", "/verify")) {
            var request = given().header("X-Forwarded-For", "192.0.2.210").contentType("multipart/form-data; boundary=declared")
                    .body(body.getBytes(StandardCharsets.ISO_8859_1));
            if (path.startsWith("/api")) {
                request = request.auth().oauth2(token);
            }
            int status = request.post(path).statusCode();
            assertTrue(status == 400, path + ": a malformed form is the client's error, not a 500: " + status);
        }
    }
}
