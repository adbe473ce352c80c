package dev.sealgate.checkpoint;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.identity.Principal;

/**
 * Says whether a caller who is neither an auditor nor the entry's actor may see an audit entry and
 * its proof: the citizen a disclosure was about, for instance. Implemented where that knowledge lives.
 */
public interface ProofAccess {

    boolean mayRead(Principal caller, AuditEntry entry);
}
