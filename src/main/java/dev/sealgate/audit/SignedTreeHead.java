package dev.sealgate.audit;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sealgate.crypto.ChainHash;
import dev.sealgate.crypto.NoteSignatures;

/** A signed head of the audit tree as it travels: stored, exported, or in a proof. */
@Schema(description = "A head of the audit tree, signed by SealGate's audit key and time-stamped by its TSA")
public record SignedTreeHead(
        @Schema(description = "Number of entries (leaves) the head covers") long treeSize,
        @Schema(description = "RFC 9162 Merkle tree hash of those entries, lower-case hex") String rootHash,
        @Schema(description = "When it was signed, ISO-8601") String createdAt,
        @Schema(description = "Detached CMS SignedData over the statement, base64 DER, with the audit key's certificate chain") String signature,
        @Schema(description = "RFC 3161 time-stamp token over the statement, base64 DER") String timeStamp,
        @Schema(description = "The same head as a C2SP checkpoint (c2sp.org/tlog-checkpoint): origin, size and base64 root, signed "
                + "by the same log key (signed-note type 0x02), then each witness's co-signature line (cosignature/v1); null for heads "
                + "signed before checkpoints", nullable = true) String checkpoint) {

    public SignedTreeHead(long treeSize, String rootHash, String createdAt, String signature, String timeStamp) {
        this(treeSize, rootHash, createdAt, signature, timeStamp, null);
    }

    /**
     * The bytes a tree head signs: the canonical encoding ({@link ChainHash#canonical}) of
     * {@code "sealgate-audit-tree-head-v1"}, the tree size, the root hash (lower-case hex) and the
     * signing time in epoch milliseconds, each as decimal text.
     */
    public static byte[] statement(long treeSize, String rootHash, long createdAtMillis) {
        return ChainHash.canonical(List.of("sealgate-audit-tree-head-v1", Long.toString(treeSize), rootHash,
                Long.toString(createdAtMillis)));
    }

    public byte[] statement() {
        return statement(treeSize, rootHash, java.time.Instant.parse(createdAt).toEpochMilli());
    }

    /**
     * Null when the signature is the audit log's (certified for the log, or a log key in {@code pinned}), it
     * and the time-stamp verify and chain to {@code anchors}, and the time-stamp was made when the head says;
     * otherwise what is wrong.
     */
    public String sealProblem(Collection<X509Certificate> anchors, java.util.function.Predicate<X509Certificate> pinned) {
        String problem;
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(signature);
            problem = CheckpointSeals.check(statement(), cms, Base64.getDecoder().decode(timeStamp), anchors, pinned,
                    java.time.Instant.parse(createdAt));
        } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
            return "the head's time, signature or time-stamp is unreadable";
        }
        return problem != null || checkpoint == null ? problem : checkpointProblem(CheckpointSeals.signer(cms));
    }

    /**
     * Null when the checkpoint states this head's size and root and carries the log's note signature by
     * {@code logKey}'s key (the key that signed the head); otherwise what is wrong.
     */
    public String checkpointProblem(X509Certificate logKey) {
        CheckpointNote note;
        try {
            note = CheckpointNote.parse(checkpoint);
        } catch (IllegalArgumentException e) {
            return "the checkpoint is unreadable: " + e.getMessage();
        }
        if (note.treeSize() != treeSize || !note.rootHex().equals(rootHash)) {
            return "the checkpoint states another tree (" + note.treeSize() + " entries, root " + note.rootHex() + ") than the head";
        }
        if (logKey == null || !logSigned(note, logKey.getPublicKey())) {
            return "the checkpoint is not signed by the key that signed the head";
        }
        return null;
    }

    /** Whether the note carries a signature line named for its origin by {@code key} that verifies. */
    public static boolean logSigned(CheckpointNote note, java.security.PublicKey key) {
        return note.signatures().stream().anyMatch(line -> line.name().equals(note.origin())
                && NoteSignatures.verifyLog(key, note.text(), line.signature()));
    }

    /** The names of the {@code witnesses} whose co-signature of this head's checkpoint verifies. */
    public java.util.Set<String> cosignedBy(Collection<NoteSignatures.Cosigner> witnesses) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (checkpoint == null) {
            return names;
        }
        CheckpointNote note;
        try {
            note = CheckpointNote.parse(checkpoint);
        } catch (IllegalArgumentException e) {
            return names;
        }
        for (CheckpointNote.Line line : note.signatures()) {
            for (NoteSignatures.Cosigner witness : witnesses) {
                if (witness.name().equals(line.name())
                        && NoteSignatures.verifyCosignature(witness, note.text(), line.signature()) != null) {
                    names.add(witness.vkey());
                }
            }
        }
        return names;
    }
}
