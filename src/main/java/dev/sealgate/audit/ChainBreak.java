package dev.sealgate.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the audit log first breaks, and why. */
@Schema(description = "The first place where the audit log is broken")
public record ChainBreak(
        @Schema(description = "Sequence number of the broken entry (or the tree size of the tree head, or the chain checkpoint's entry)") long seq,
        @Schema(description = "HASH_MISMATCH, BROKEN_LINK, MISSING_ENTRY, TREE_MISMATCH, HEAD_MISMATCH, CHECKPOINT_MISMATCH or CHECKPOINT_SIGNATURE")
        Reason reason,
        @Schema(description = "What was found") String detail) {

    public enum Reason {
        /** The entry's fields do not hash to its stored (leaf or chain) hash: a field was changed. */
        HASH_MISMATCH,
        /** A chained (version 1) entry's previous hash is not the hash of the entry before it: entries were replaced or reordered. */
        BROKEN_LINK,
        /** A sequence number is missing: an entry was deleted. */
        MISSING_ENTRY,
        /** The stored tree does not hash the entries that are there: entries were replaced, reordered or rewritten. */
        TREE_MISMATCH,
        /** The log ends elsewhere than the sequencer's recorded tree size. */
        HEAD_MISMATCH,
        /** A signed tree head (or chain checkpoint) names another hash than the log has: history was rewritten. */
        CHECKPOINT_MISMATCH,
        /** A tree head's or checkpoint's signature or time-stamp does not verify against the trust anchors. */
        CHECKPOINT_SIGNATURE
    }
}
