package dev.sealgate.checkpoint;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Details a feature keeps in its own table beside the audit entry that binds their digest (leaf
 * version 3), such as what a citizen is shown about a release of their data. The auditor's verify
 * asks each for the rows that no longer match their entry, have no entry, or whose entry outlived them.
 */
public interface KeptDetails {

    /** The rows checked and at most {@code limit} findings; no findings when every row matches its entry. */
    Result check(int limit);

    record Result(long checked, List<Finding> findings) {
    }

    @Schema(name = "AuditDetailsFinding", description = "A row kept beside the audit log that does not match it")
    record Finding(@Schema(description = "e.g. disclosure") String objectType, String objectId,
            @Schema(description = "The audit entry that recorded it, if any", nullable = true) String auditEntry,
            @Schema(description = "altered (the row no longer matches the digest its entry binds), not-logged (no entry records "
                    + "it), row-missing (an entry records it but the row is gone)") String problem) {
    }
}
