package dev.sealgate.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the audit chain first breaks, and why. */
@Schema(description = "The first place where the audit chain is broken")
public record ChainBreak(
        @Schema(description = "Sequence number of the broken entry (or of the checkpoint's head)") long seq,
        @Schema(description = "HASH_MISMATCH, BROKEN_LINK, MISSING_ENTRY, HEAD_MISMATCH, CHECKPOINT_MISMATCH or CHECKPOINT_SIGNATURE")
        Reason reason,
        @Schema(description = "What was found") String detail) {

    public enum Reason {
        /** The entry's stored hash is not the hash of its fields and previous hash: a field was changed. */
        HASH_MISMATCH,
        /** The entry's previous hash is not the hash of the entry before it: entries were replaced or reordered. */
        BROKEN_LINK,
        /** A sequence number is missing: an entry was deleted. */
        MISSING_ENTRY,
        /** The last entry is not the one the head names. */
        HEAD_MISMATCH,
        /** A signed checkpoint names another hash at its sequence number: history was rewritten. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint's signature or time-stamp does not verify against the trust anchors. */
        CHECKPOINT_SIGNATURE
    }
}
