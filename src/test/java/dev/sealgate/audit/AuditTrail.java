package dev.sealgate.audit;

import java.util.List;

import dev.sealgate.checkpoint.AuditSequencer;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Reads the audit log from the test side, each call in its own transaction, after the sequencer has
 * numbered every committed entry (entries get their place a moment after their request).
 */
public final class AuditTrail {

    private AuditTrail() {
    }

    /** Sequences every committed entry now; returns the tree's size. */
    public static long drain() {
        return Arc.container().instance(AuditSequencer.class).get().drain();
    }

    public static long lastSeq() {
        return drain();
    }

    public static List<AuditEntry> after(long seq) {
        drain();
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>list("seq > ?1 order by seq", seq));
    }
}
