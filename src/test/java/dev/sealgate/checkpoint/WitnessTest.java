package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.sealgate.audit.CheckpointNote;
import dev.sealgate.crypto.NoteSignatures;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Someone else keeps the operator honest: the witness command, run as a process of its own as a
 * partner agency or the ombudsman would, fetches the log's checkpoint without a token, checks it
 * against the one it kept, co-signs it and posts the co-signature back; the log shows it in its
 * checkpoint and proofs, and the offline verifier can require k witnesses. A split view — the log
 * (its own key) signing another root for a size the witness co-signed, or a later head not consistent
 * with it — is reported as evidence and not co-signed.
 */
@QuarkusTest
class WitnessTest {

    private static final String BASE = "http://localhost:8081";

    @Inject
    AuditKey auditKey;

    @Inject
    TreeHeads heads;

    @TempDir
    Path dir;

    record Run(int exitCode, String output) {
    }

    /** The witness command in its own JVM, with the test's class path. */
    private static Run witness(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.sealgate.audit.offline.Witness"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the witness finished");
        return new Run(process.exitValue(), output);
    }

    /** A copy of a test witness's state (its key), for this test alone. */
    private Path state(String witness) throws IOException {
        Path state = Files.createDirectories(dir.resolve(witness));
        for (String file : List.of("witness.name", "witness.key", "witness.pub")) {
            Files.copy(Path.of("src/test/resources/witnesses", witness, file), state.resolve(file));
        }
        return state;
    }

    private static String logVkey() {
        return given().get("/api/v1/audit/log-key").then().statusCode(200).extract().path("noteVerifierKey");
    }

    /** Something logged, then a head signed over it. */
    private static void grow() {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("text/plain")
                .body(("minutes " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/signatures?format=cades&packaging=enveloping").then().statusCode(201);
        given().auth().oauth2(TestRealm.userToken("auditor1")).post("/api/v1/audit/checkpoints").then().statusCode(201);
    }

    private static String checkpoint() {
        return given().get("/api/v1/audit/checkpoint").then().statusCode(200).contentType(containsString("text/plain"))
                .extract().asString();
    }

    @Test
    void theLogsCheckpointIsPublicAndSignedByItsKey() {
        grow();
        String note = checkpoint();
        CheckpointNote parsed = CheckpointNote.parse(note);
        String vkey = logVkey();
        assertEquals(vkey.substring(0, vkey.indexOf('+')), parsed.origin(), "the note's key name is the origin");
        assertTrue(dev.sealgate.audit.SignedTreeHead.logSigned(parsed, NoteSignatures.parseLogVkey(vkey).getValue()));
        // the same head as JSON, with the same checkpoint
        given().get("/api/v1/audit/tree-heads/latest").then().statusCode(200)
                .body("treeSize", equalTo((int) parsed.treeSize())).body("rootHash", equalTo(parsed.rootHex()))
                .body("checkpoint", containsString(parsed.text()));
        given().get("/api/v1/audit/log-key").then().statusCode(200)
                .body("witnesses.size()", equalTo(2)).body("origin", equalTo(parsed.origin()));
    }

    @Test
    void aWitnessCoSignsWhatItCheckedAndTheVerifierCountsIt() throws Exception {
        Path ombudsman = state("ombudsman");
        String ombudsmanKey = Files.readString(Path.of("src/test/resources/witnesses/ombudsman/witness.name")).strip();
        grow();
        Run first = witness("run", ombudsman.toString(), BASE, logVkey());
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().startsWith("CO-SIGNED"), first.output());
        CheckpointNote kept = CheckpointNote.parse(Files.readString(ombudsman.resolve("checkpoint")));

        grow();
        grow();
        Run second = witness("run", ombudsman.toString(), BASE, logVkey());
        assertEquals(0, second.exitCode(), second.output());
        CheckpointNote now = CheckpointNote.parse(Files.readString(ombudsman.resolve("checkpoint")));
        assertTrue(now.treeSize() > kept.treeSize(), "the second run checked consistency from the kept head and moved on");

        // an entry proven against the co-signed head: one witness required, present; two required, one missing
        String entry = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("text/plain")
                .body("x".getBytes(StandardCharsets.UTF_8)).post("/api/v1/signatures?format=cades&packaging=enveloping")
                .then().statusCode(201).extract().header("SealGate-Audit-Entry");
        given().auth().oauth2(TestRealm.userToken("auditor1")).post("/api/v1/audit/checkpoints").then().statusCode(201);
        Run third = witness("run", ombudsman.toString(), BASE, logVkey());
        assertEquals(0, third.exitCode(), third.output());
        long cosigned = CheckpointNote.parse(Files.readString(ombudsman.resolve("checkpoint"))).treeSize();
        // shown beside the head, without a token
        String shown = given().get("/api/v1/audit/consistency?from=0&to=" + cosigned).then().statusCode(200).extract().path("to.checkpoint");
        assertTrue(shown.contains("\u2014 " + ombudsmanKey + " "), shown);
        String proof = given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/entries/" + entry + "/proof?treeSize="
                + cosigned).then().statusCode(200).extract().asString();
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof);
        String ombudsmanVkey = vkey("ombudsman");
        String partnerVkey = vkey("partner");
        OfflineAudit.Offline one = OfflineAudit.run("proof", file.toString(), OfflineAudit.ROOT, "--witness", ombudsmanVkey);
        assertEquals(0, one.exitCode(), one.output());
        assertTrue(one.output().contains("co-signed by 1 of the witnesses given"), one.output());
        OfflineAudit.Offline two = OfflineAudit.run("proof", file.toString(), OfflineAudit.ROOT, "--witness", ombudsmanVkey,
                "--witness", partnerVkey);
        assertEquals(1, two.exitCode(), two.output());
        assertTrue(two.output().startsWith("NOT PROVEN") && two.output().contains("1 of the witnesses given, 2 required"), two.output());
        assertEquals(0, OfflineAudit.run("proof", file.toString(), OfflineAudit.ROOT, "--witness", ombudsmanVkey, "--witness",
                partnerVkey, "--witnesses", "1").exitCode());
        // asked for by quorum rather than size: the latest head a witness co-signed
        String witnessed = given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/entries/" + entry
                + "/proof?witnessed=1").then().statusCode(200).extract().asString();
        Path witnessedFile = dir.resolve("witnessed.json");
        Files.writeString(witnessedFile, witnessed);
        OfflineAudit.Offline byQuorum = OfflineAudit.run("proof", witnessedFile.toString(), OfflineAudit.ROOT, "--witness", ombudsmanVkey,
                "--witness", partnerVkey, "--witnesses", "1");
        assertEquals(0, byQuorum.exitCode(), byQuorum.output());
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/entries/" + entry + "/proof?witnessed=3").then()
                .statusCode(404).contentType("application/problem+json");
        // the same co-signature pasted under a head of another size does not count: it signs the size and root
        grow();
        String other = given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/entries/" + entry + "/proof")
                .then().statusCode(200).extract().asString();
        com.fasterxml.jackson.databind.node.ObjectNode pasted = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(other);
        long otherSize = pasted.path("treeHead").path("treeSize").asLong();
        assertTrue(otherSize > cosigned);
        {
            String line = shown.substring(shown.indexOf("\u2014 " + ombudsmanKey + " "));
            String checkpoint = pasted.path("treeHead").path("checkpoint").asText();
            ((com.fasterxml.jackson.databind.node.ObjectNode) pasted.get("treeHead")).put("checkpoint",
                    checkpoint.substring(0, checkpoint.indexOf("\n\n") + 2) + checkpoint.substring(checkpoint.indexOf("\n\n") + 2)
                            .lines().filter(l -> !l.startsWith("\u2014 " + ombudsmanKey + " ")).map(l -> l + "\n")
                            .reduce("", String::concat) + line.lines().findFirst().orElseThrow() + "\n");
            Path pastedFile = dir.resolve("pasted.json");
            Files.writeString(pastedFile, pasted.toString());
            OfflineAudit.Offline refused = OfflineAudit.run("proof", pastedFile.toString(), OfflineAudit.ROOT, "--witness", ombudsmanVkey);
            assertEquals(1, refused.exitCode(), refused.output());
        }
    }

    private static String vkey(String witness) throws IOException {
        String name = Files.readString(Path.of("src/test/resources/witnesses", witness, "witness.name")).strip();
        byte[] spki = Base64.getDecoder().decode(Files.readString(Path.of("src/test/resources/witnesses", witness, "witness.pub")).strip());
        return NoteSignatures.cosigner(name, NoteSignatures.cosignerPublicKey(spki)).vkey();
    }

    /**
     * The operator shows this witness a log of its own making: a checkpoint signed with the log's real key
     * (through the bean, as an operator could) but with another root. Served by a proxy that passes every
     * other request to the real log.
     */
    private HttpServer splitView(String forgedNote) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        server.createContext("/", exchange -> {
            byte[] body;
            int status;
            String type;
            if (exchange.getRequestURI().getPath().equals("/api/v1/audit/checkpoint")) {
                body = forgedNote.getBytes(StandardCharsets.UTF_8);
                status = 200;
                type = "text/plain; charset=utf-8";
            } else {
                try {
                    HttpResponse<byte[]> real = http.send(HttpRequest.newBuilder(URI.create(BASE + exchange.getRequestURI()))
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()))
                            .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type") == null ? "text/plain"
                                    : exchange.getRequestHeaders().getFirst("Content-Type")).build(), HttpResponse.BodyHandlers.ofByteArray());
                    body = real.body();
                    status = real.statusCode();
                    type = real.headers().firstValue("Content-Type").orElse("application/octet-stream");
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private String forged(long size) {
        byte[] root = new byte[32];
        new SecureRandom().nextBytes(root);
        String text = CheckpointNote.text(heads.origin(), size, HexFormat.of().formatHex(root));
        return new CheckpointNote(heads.origin(), size, root, List.of(new CheckpointNote.Line(heads.origin(),
                NoteSignatures.signAsLog(auditKey.current(), text)))).note();
    }

    @Test
    void aSplitViewIsReportedAsEvidenceAndNotCoSigned() throws Exception {
        Path partner = state("partner");
        grow();
        Run honest = witness("run", partner.toString(), BASE, logVkey());
        assertEquals(0, honest.exitCode(), honest.output());
        CheckpointNote kept = CheckpointNote.parse(Files.readString(partner.resolve("checkpoint")));

        // the same size, another root, signed by the log's key
        HttpServer proxy = splitView(forged(kept.treeSize()));
        try {
            Run split = witness("run", partner.toString(), "http://127.0.0.1:" + proxy.getAddress().getPort(), logVkey());
            assertEquals(3, split.exitCode(), split.output());
            assertTrue(split.output().startsWith("SPLIT VIEW: two checkpoints of " + kept.treeSize() + " entries with different roots"),
                    split.output());
            try (var files = Files.list(partner)) {
                Path evidence = files.filter(f -> f.getFileName().toString().startsWith("evidence-")).findFirst().orElseThrow();
                String text = Files.readString(evidence);
                assertTrue(text.contains(kept.text()), "the evidence holds the kept checkpoint");
                assertTrue(text.contains(CheckpointNote.parse(forged(kept.treeSize())).origin()), text);
            }
        } finally {
            proxy.stop(0);
        }
        assertEquals(kept.rootHex(), CheckpointNote.parse(Files.readString(partner.resolve("checkpoint"))).rootHex(),
                "the witness did not move to the forged head");

        // a later head whose root the real tree does not reach: the log's own consistency proof does not join them
        grow();
        long later = given().get("/api/v1/audit/tree-heads/latest").then().extract().<Integer>path("treeSize");
        HttpServer inconsistent = splitView(forged(later));
        try {
            Run split = witness("run", partner.toString(), "http://127.0.0.1:" + inconsistent.getAddress().getPort(), logVkey());
            assertEquals(3, split.exitCode(), split.output());
            assertTrue(split.output().contains("is not consistent with the one of " + kept.treeSize()), split.output());
        } finally {
            inconsistent.stop(0);
        }
        // and the honest log, afterwards, is co-signed again
        Run again = witness("run", partner.toString(), BASE, logVkey());
        assertEquals(0, again.exitCode(), again.output());
    }

    @Test
    void theLogTakesOnlyKnownWitnessesValidCoSignaturesOfItsOwnCheckpoints() throws Exception {
        grow();
        CheckpointNote latest = CheckpointNote.parse(checkpoint());
        var unknownKey = NoteSignatures.newCosignerKey();
        NoteSignatures.Cosigner stranger = NoteSignatures.cosigner("witness.test/stranger", unknownKey.getPublic());
        long now = System.currentTimeMillis() / 1000;
        String strangers = latest.text() + "\n" + new CheckpointNote.Line(stranger.name(),
                NoteSignatures.cosign(stranger, unknownKey.getPrivate(), now, latest.text())).text();
        given().contentType("text/plain; charset=utf-8").body(strangers).post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:sealgate:problem:witness-unknown"));

        // the ombudsman's line, one bit changed
        Path ombudsman = state("ombudsman");
        String name = Files.readString(ombudsman.resolve("witness.name")).strip();
        var key = NoteSignatures.cosignerPrivateKey(Base64.getDecoder().decode(Files.readString(ombudsman.resolve("witness.key")).strip()));
        NoteSignatures.Cosigner self = NoteSignatures.cosigner(name, NoteSignatures.cosignerPublicKey(
                Base64.getDecoder().decode(Files.readString(ombudsman.resolve("witness.pub")).strip())));
        byte[] signature = NoteSignatures.cosign(self, key, now, latest.text());
        signature[signature.length - 1] ^= 1;
        given().contentType("text/plain; charset=utf-8").body(latest.text() + "\n" + new CheckpointNote.Line(name, signature).text())
                .post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(422)
                .body("type", equalTo("urn:sealgate:problem:cosignature-invalid"));

        // a root the log never signed, co-signed by a known witness
        byte[] root = new byte[32];
        String unsigned = CheckpointNote.text(latest.origin(), latest.treeSize(), HexFormat.of().formatHex(root));
        given().contentType("text/plain; charset=utf-8").body(unsigned + "\n" + new CheckpointNote.Line(name, NoteSignatures.cosign(self, key, now,
                unsigned)).text()).post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(409)
                .body("type", equalTo("urn:sealgate:problem:checkpoint-unknown"));

        // not a note at all; another log's
        given().contentType("text/plain; charset=utf-8").body("hello").post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(400)
                .contentType("application/problem+json");
        String otherLog = CheckpointNote.text("elsewhere.example/log", latest.treeSize(), latest.rootHex());
        given().contentType("text/plain; charset=utf-8").body(otherLog + "\n" + new CheckpointNote.Line(name, NoteSignatures.cosign(self, key, now,
                otherLog)).text()).post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(400);

        // the genuine one is taken, shown, and taken again without a second copy
        String genuine = latest.text() + "\n" + new CheckpointNote.Line(name, NoteSignatures.cosign(self, key, now, latest.text())).text();
        for (int i = 0; i < 2; i++) {
            given().contentType("text/plain; charset=utf-8").body(genuine).post("/api/v1/audit/checkpoint/cosignatures").then().statusCode(200)
                    .body("cosignatures.findAll { it.witness == '" + name + "' }.size()", equalTo(1));
        }
        String withIt = given().get("/api/v1/audit/consistency?from=0&to=" + latest.treeSize()).then().statusCode(200)
                .extract().path("to.checkpoint");
        assertTrue(withIt.contains("\u2014 " + name + " "), withIt);
        assertFalse(withIt.contains("stranger"));
    }
}
