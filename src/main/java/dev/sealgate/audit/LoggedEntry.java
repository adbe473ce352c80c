package dev.sealgate.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.sealgate.audit.merkle.MerkleTree;
import dev.sealgate.crypto.ChainHash;

/**
 * One audit entry as a leaf of the audit tree, independent of where it was read from (the database,
 * an export, a proof), so the gateway and any verifier encode it the same way.
 *
 * <p>The leaf hash is {@code SHA-256(0x00 || encoding)} (RFC 9162), the encoding the
 * {@link ChainHash#canonical canonical encoding} (each field a 4-byte big-endian length and its UTF-8
 * bytes, {@code 0xFFFFFFFF} for null) of these fields in this order, numbers as decimal text and the
 * time as epoch milliseconds:
 * <ul>
 * <li>version 3 (entries written since an entry binds the details kept beside it): the fields of version 2,
 * then the details digest: for a release of a citizen's data ({@code share.release}) the
 * {@code Disclosure#detailsDigest digest of what the citizen is shown} about it (recipient, dataset, purpose,
 * legal basis, case reference, policy, fields released and withheld, time); null for other actions.</li>
 * <li>version 2 (entries written from the tree's start until version 3): {@code "sealgate-audit-entry-v2"}, id,
 * time, actor subject, actor username, actor client, action, object type, object id, document
 * digest, outcome. Neither the sequence number nor any other entry's hash: neither is known when
 * the entry is written.</li>
 * <li>version 1 (the hash chain written before): {@code "sealgate-audit-entry-v1"}, seq, time, actor
 * subject, actor username, actor client, action, object type, object id, document digest, outcome,
 * previous hash, hash; the chain's own links ({@link ChainedEntry}) still hold.</li>
 * </ul>
 * The entry with sequence number {@code seq} is leaf {@code seq - 1}.
 */
public record LoggedEntry(int version, String id, Long seq, long timeMillis, String actorSubject, String actorUsername,
        String actorClient, String action, String objectType, String objectId, String documentDigest, String outcome,
        String prevHash, String hash, String leafHash, String detailsDigest) {

    public static final String V1 = "sealgate-audit-entry-v1";
    public static final String V2 = "sealgate-audit-entry-v2";
    public static final String V3 = "sealgate-audit-entry-v3";

    /** An entry that binds no details (versions 1 and 2, and version 3 entries of actions that keep none). */
    public LoggedEntry(int version, String id, Long seq, long timeMillis, String actorSubject, String actorUsername,
            String actorClient, String action, String objectType, String objectId, String documentDigest, String outcome,
            String prevHash, String hash, String leafHash) {
        this(version, id, seq, timeMillis, actorSubject, actorUsername, actorClient, action, objectType, objectId, documentDigest,
                outcome, prevHash, hash, leafHash, null);
    }

    /** The same entry with its place in the tree and its leaf hash as given. */
    public LoggedEntry at(Long position, String leaf) {
        return new LoggedEntry(version, id, position, timeMillis, actorSubject, actorUsername, actorClient, action, objectType,
                objectId, documentDigest, outcome, prevHash, hash, leaf, detailsDigest);
    }

    /** The bytes the leaf hash covers. */
    public byte[] leafEncoding() {
        List<String> fields = switch (version) {
            case 1 -> Arrays.asList(V1, Long.toString(seq), Long.toString(timeMillis), actorSubject, actorUsername, actorClient,
                    action, objectType, objectId, documentDigest, outcome, prevHash, hash);
            case 2 -> Arrays.asList(V2, id, Long.toString(timeMillis), actorSubject, actorUsername, actorClient, action,
                    objectType, objectId, documentDigest, outcome);
            case 3 -> Arrays.asList(V3, id, Long.toString(timeMillis), actorSubject, actorUsername, actorClient, action,
                    objectType, objectId, documentDigest, outcome, detailsDigest);
            default -> throw new IllegalArgumentException("no audit entry version " + version);
        };
        return ChainHash.canonical(fields);
    }

    /** The leaf hash of this entry's fields, lower-case hex (not the stored {@link #leafHash}). */
    public String computeLeafHash() {
        return HexFormat.of().formatHex(MerkleTree.leafHash(leafEncoding()));
    }

    /** A version 1 entry as a link of the old chain. */
    public ChainedEntry chained() {
        return new ChainedEntry(seq, timeMillis, actorSubject, actorUsername, actorClient, action, objectType, objectId,
                documentDigest, outcome, prevHash, hash);
    }
}
