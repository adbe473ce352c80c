package dev.sealgate.audit.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.audit.CheckpointNote;
import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.audit.merkle.MerkleTree;
import dev.sealgate.crypto.NoteSignatures;

/**
 * A witness of the audit log (c2sp.org/tlog-witness's idea, pulled rather than pushed): run by a
 * partner agency or the citizens' ombudsman on a schedule, with no server of its own. Each run fetches
 * the log's latest checkpoint, checks the log's signature with the log's verifier key, checks that it
 * is consistent with the checkpoint it kept from its last run (RFC 9162 consistency proof), co-signs
 * it (cosignature/v1, Ed25519) and posts the co-signature back; then keeps it. A split view — a
 * checkpoint of the size kept with another root, a smaller one, or one not consistent with the kept
 * one — is written as evidence (both notes, signed by the log, and the proof) and the witness neither
 * co-signs nor moves on.
 *
 * <p>Exit status: 0 co-signed, 1 the log's answer is not acceptable (unsigned, unreadable, refused),
 * 2 usage or network, 3 split view (evidence written).
 */
public final class Witness {

    private static final String USAGE = String.join("\n",
            "usage: Witness init <state-dir> <witness-name>",
            "         makes the witness's Ed25519 key; prints its verifier key for the log's SEALGATE_AUDIT_WITNESSES",
            "       Witness run <state-dir> <log-url> <log-verifier-key>",
            "         (the log's noteVerifierKey from GET /api/v1/audit/log-key, checked out of band once)");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int SPLIT_VIEW = 3;

    private Witness() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        try {
            if (args.length == 3 && args[0].equals("init")) {
                return init(Path.of(args[1]), args[2], out);
            }
            if (args.length == 4 && args[0].equals("run")) {
                return witness(Path.of(args[1]), args[2].replaceAll("/+$", ""), args[3], out);
            }
            out.println(USAGE);
            return 2;
        } catch (IOException e) {
            out.println("cannot witness: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (IllegalArgumentException e) {
            out.println("cannot witness: " + e.getMessage());
            return 2;
        }
    }

    private static int init(Path state, String name, PrintStream out) throws IOException {
        NoteSignatures.checkName(name);
        Files.createDirectories(state);
        Path keyFile = state.resolve("witness.key");
        if (Files.exists(keyFile)) {
            out.println("cannot init: " + keyFile + " exists; the witness has its key");
            return 2;
        }
        KeyPair pair = NoteSignatures.newCosignerKey();
        Files.writeString(state.resolve("witness.name"), name + "\n");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
        Files.writeString(state.resolve("witness.pub"), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
        keyFile.toFile().setReadable(false, false);
        keyFile.toFile().setReadable(true, true);
        out.println(NoteSignatures.cosigner(name, pair.getPublic()).vkey());
        return 0;
    }

    private static int witness(Path state, String log, String logVkey, PrintStream out) throws IOException, InterruptedException {
        Map.Entry<String, PublicKey> logKey = NoteSignatures.parseLogVkey(logVkey);
        String name = Files.readString(state.resolve("witness.name")).strip();
        PrivateKey key = NoteSignatures.cosignerPrivateKey(Base64.getDecoder().decode(Files.readString(state.resolve("witness.key")).strip()));
        NoteSignatures.Cosigner self = NoteSignatures.cosigner(name, publicKey(state));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(URI.create(log + "/api/v1/audit/checkpoint"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (fetched.statusCode() != 200) {
            out.println("NOT CO-SIGNED: the log answered " + fetched.statusCode() + " for its checkpoint");
            return 1;
        }
        CheckpointNote latest;
        try {
            latest = CheckpointNote.parse(fetched.body());
        } catch (IllegalArgumentException e) {
            out.println("NOT CO-SIGNED: the log's checkpoint is unreadable: " + e.getMessage());
            return 1;
        }
        if (!latest.origin().equals(logKey.getKey()) || !SignedTreeHead.logSigned(latest, logKey.getValue())) {
            out.println("NOT CO-SIGNED: the checkpoint is not signed by the log key " + logKey.getKey());
            return 1;
        }
        // only the log's own line is kept: other witnesses' lines are theirs to vouch for
        CheckpointNote signedByLog = new CheckpointNote(latest.origin(), latest.treeSize(), latest.rootHash(),
                latest.signatures().stream().filter(line -> line.name().equals(latest.origin())).toList());

        Path keptFile = state.resolve("checkpoint");
        if (Files.exists(keptFile)) {
            CheckpointNote kept = CheckpointNote.parse(Files.readString(keptFile, StandardCharsets.UTF_8));
            String split = null;
            String proofText = null;
            if (!kept.origin().equals(latest.origin())) {
                out.println("cannot witness: the kept checkpoint is of another log (" + kept.origin() + ")");
                return 2;
            }
            if (latest.treeSize() < kept.treeSize()) {
                split = "the log now shows " + latest.treeSize() + " entries, fewer than the " + kept.treeSize() + " it showed before";
            } else if (latest.treeSize() == kept.treeSize() && !latest.rootHex().equals(kept.rootHex())) {
                split = "two checkpoints of " + latest.treeSize() + " entries with different roots, both signed by the log";
            } else if (latest.treeSize() > kept.treeSize()) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(log + "/api/v1/audit/consistency?from="
                        + kept.treeSize() + "&to=" + latest.treeSize())).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                proofText = answer.body();
                if (answer.statusCode() != 200) {
                    split = "the log gives no consistency proof from " + kept.treeSize() + " to " + latest.treeSize() + " entries ("
                            + answer.statusCode() + ")";
                } else {
                    JsonNode proof = JSON.readTree(answer.body());
                    List<byte[]> hashes = new ArrayList<>();
                    proof.path("proof").forEach(node -> hashes.add(HexFormat.of().parseHex(node.asText())));
                    if (!MerkleTree.verifyConsistency(kept.treeSize(), latest.treeSize(), kept.rootHash(), latest.rootHash(), hashes)) {
                        split = "the checkpoint of " + latest.treeSize() + " entries is not consistent with the one of " + kept.treeSize()
                                + " this witness co-signed";
                    }
                }
            }
            if (split != null) {
                Path evidence = state.resolve("evidence-" + Instant.now().toString().replace(':', '-') + ".txt");
                Files.writeString(evidence, "SPLIT VIEW: " + split + "\n\n# kept (co-signed earlier)\n" + kept.note()
                        + "\n# now shown\n" + fetched.body() + (proofText == null ? "" : "\n# the log's consistency answer\n" + proofText + "\n"),
                        StandardCharsets.UTF_8);
                out.println("SPLIT VIEW: " + split + "; evidence in " + evidence);
                return SPLIT_VIEW;
            }
        }

        long now = Instant.now().getEpochSecond();
        CheckpointNote.Line line = new CheckpointNote.Line(name, NoteSignatures.cosign(self, key, now, signedByLog.text()));
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(log + "/api/v1/audit/checkpoint/cosignatures"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(signedByLog.text() + "\n" + line.text(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // kept whether or not the log takes the co-signature: the witness has seen and checked it
        Files.writeString(keptFile, signedByLog.with(line).note(), StandardCharsets.UTF_8);
        if (posted.statusCode() != 200) {
            out.println("CO-SIGNED, NOT ACCEPTED: " + latest.origin() + " at " + latest.treeSize() + " entries; the log answered "
                    + posted.statusCode() + ": " + posted.body());
            return 1;
        }
        out.println("CO-SIGNED: " + latest.origin() + " at " + latest.treeSize() + " entries, root " + latest.rootHex());
        return 0;
    }

    private static PublicKey publicKey(Path state) throws IOException {
        return NoteSignatures.cosignerPublicKey(Base64.getDecoder().decode(Files.readString(state.resolve("witness.pub")).strip()));
    }
}
