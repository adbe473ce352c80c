package dev.sealgate.audit;

import dev.sealgate.crypto.ChainHash;

/**
 * Walks the audit chain entry by entry, in sequence order, holding nothing but the last entry: the
 * same walk for the gateway's verification and the offline verifier. Entries must be fed in
 * ascending seq; the first break stops the walk.
 */
public final class ChainWalk {

    private long lastSeq;
    private String lastHash = ChainHash.GENESIS;
    private long count;

    /** Null while the chain holds; the break at this entry otherwise. */
    public ChainBreak next(ChainedEntry entry) {
        if (entry.seq() != lastSeq + 1) {
            long missing = lastSeq + 1;
            return new ChainBreak(missing, ChainBreak.Reason.MISSING_ENTRY,
                    "entry " + missing + " is missing (the next one found is " + entry.seq() + ")");
        }
        if (!lastHash.equals(entry.prevHash())) {
            return new ChainBreak(entry.seq(), ChainBreak.Reason.BROKEN_LINK,
                    "its previous hash is not the hash of entry " + lastSeq);
        }
        if (!entry.computeHash(lastHash).equals(entry.hash())) {
            return new ChainBreak(entry.seq(), ChainBreak.Reason.HASH_MISMATCH, "its content does not match its hash");
        }
        lastSeq = entry.seq();
        lastHash = entry.hash();
        count++;
        return null;
    }

    public long count() {
        return count;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public String lastHash() {
        return lastHash;
    }

    /**
     * A checkpoint against the verified chain: {@code entryHash} is the hash of entry {@code seq}
     * (null when there is no such entry), {@code sealProblem} what {@code CheckpointSeals.check} found.
     */
    public static ChainBreak checkpoint(long seq, String headHash, String entryHash, String sealProblem) {
        if (sealProblem != null) {
            return new ChainBreak(seq, ChainBreak.Reason.CHECKPOINT_SIGNATURE, "checkpoint at " + seq + ": " + sealProblem);
        }
        String expected = seq == 0 ? ChainHash.GENESIS : entryHash;
        if (expected == null) {
            return new ChainBreak(seq, ChainBreak.Reason.MISSING_ENTRY, "a signed checkpoint names entry " + seq + ", which is missing");
        }
        if (!expected.equals(headHash)) {
            return new ChainBreak(seq, ChainBreak.Reason.CHECKPOINT_MISMATCH,
                    "the signed checkpoint at " + seq + " names another hash than the chain has");
        }
        return null;
    }
}
