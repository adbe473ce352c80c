package dev.sealgate.audit;

import java.util.List;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads the audit log from the test side, each call in its own transaction. */
public final class AuditTrail {

    private AuditTrail() {
    }

    public static long lastSeq() {
        return QuarkusTransaction.requiringNew().call(() -> {
            AuditEntry last = AuditEntry.find("order by seq desc").firstResult();
            return last == null ? 0L : last.seq;
        });
    }

    public static List<AuditEntry> after(long seq) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>list("seq > ?1 order by seq", seq));
    }
}
