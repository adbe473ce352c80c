package dev.sealgate.audit;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import dev.sealgate.crypto.ChainHash;

/**
 * One audit entry as the chain sees it, independent of where it was read from (the database or an
 * export), so the gateway and the offline verifier hash it the same way. The fields enter the hash
 * in this order: seq, time (epoch milliseconds), actor subject, actor username, actor client,
 * action, object type, object id, document digest, outcome; numbers as decimal text, encoded as
 * {@link ChainHash} describes.
 */
public record ChainedEntry(long seq, long timeMillis, String actorSubject, String actorUsername, String actorClient,
        String action, String objectType, String objectId, String documentDigest, String outcome, String prevHash,
        String hash) {

    public String computeHash(String previous) {
        return ChainHash.link(previous, Arrays.asList(Long.toString(seq), Long.toString(timeMillis), actorSubject,
                actorUsername, actorClient, action, objectType, objectId, documentDigest, outcome));
    }

    /** The bytes a checkpoint over the chain's head at {@code seq} signs. */
    public static byte[] checkpointStatement(long seq, String headHash) {
        return ChainHash.canonical(List.of("sealgate-audit-checkpoint", Long.toString(seq), headHash));
    }

    /**
     * What is wrong with a chain checkpoint's signature or time-stamp (both base64 DER), checked
     * against {@code anchors} and the log keys the verifier pins; null when both verify. Chain
     * checkpoints were signed before the log had an identity of its own: their key is accepted when pinned.
     */
    public static String checkpointSealProblem(long seq, String headHash, String signature, String timeStamp,
            Collection<X509Certificate> anchors, java.util.function.Predicate<X509Certificate> pinned) {
        try {
            return CheckpointSeals.check(checkpointStatement(seq, headHash), Base64.getDecoder().decode(signature),
                    Base64.getDecoder().decode(timeStamp), anchors, pinned, null);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "the stored signature or time-stamp is not base64";
        }
    }
}
