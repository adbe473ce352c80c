package dev.sealgate.audit;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sealgate.crypto.ChainHash;
import dev.sealgate.formats.cades.CheckpointSeals;

/** A signed head of the audit tree as it travels: stored, exported, or in a proof. */
@Schema(description = "A head of the audit tree, signed by SealGate's audit key and time-stamped by its TSA")
public record SignedTreeHead(
        @Schema(description = "Number of entries (leaves) the head covers") long treeSize,
        @Schema(description = "RFC 9162 Merkle tree hash of those entries, lower-case hex") String rootHash,
        @Schema(description = "When it was signed, ISO-8601") String createdAt,
        @Schema(description = "Detached CMS SignedData over the statement, base64 DER, with the audit key's certificate chain") String signature,
        @Schema(description = "RFC 3161 time-stamp token over the statement, base64 DER") String timeStamp) {

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
        try {
            return CheckpointSeals.check(statement(), Base64.getDecoder().decode(signature), Base64.getDecoder().decode(timeStamp),
                    anchors, pinned, java.time.Instant.parse(createdAt));
        } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
            return "the head's time, signature or time-stamp is unreadable";
        }
    }
}
