package dev.sealgate.sharing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditEntry;
import dev.sealgate.checkpoint.KeptDetails;

/**
 * Whether a disclosure row still says what its audit entry bound when the data was released (leaf
 * version 3 binds {@link Disclosure#detailsDigest}): for the citizen's own list and for the auditor's verify.
 */
@ApplicationScoped
public class DisclosureAudit implements KeptDetails {

    static final String ACTION = AuditAction.SHARE_RELEASE.logged();
    private static final int BATCH = 500;

    /** What the citizen is told of one disclosure's row against the signed log. */
    public enum Match {
        /** The entry binds this row's details as they are. */
        MATCHES("matches"),
        /** Released before entries bound the details (leaf version 2): the log proves the recipient's entry, time and release digest only. */
        NOT_BOUND("logged-before-details-were-bound"),
        /** The row (or its entry) was changed after the release was logged. */
        ALTERED("altered"),
        /** No audit entry records this release. */
        NOT_LOGGED("not-logged");

        public final String value;

        Match(String value) {
            this.value = value;
        }
    }

    @Inject
    EntityManager em;

    /** How {@code disclosure} stands against {@code entry}, the entry its row names (null when there is none). */
    public static Match match(Disclosure disclosure, AuditEntry entry) {
        if (entry == null) {
            return Match.NOT_LOGGED;
        }
        if (!ACTION.equals(entry.action) || !"disclosure".equals(entry.objectType) || !disclosure.id.equals(entry.objectId)
                || entry.leafHash != null && !entry.logged().computeLeafHash().equals(entry.leafHash)) {
            // (a chained entry not yet adopted into the tree has no leaf hash to compare)
            return Match.ALTERED;
        }
        if (entry.version < 3) {
            return Match.NOT_BOUND;
        }
        return disclosure.detailsDigest().equals(entry.detailsDigest) ? Match.MATCHES : Match.ALTERED;
    }

    /** The entries of {@code disclosures}, by id. */
    public static Map<String, AuditEntry> entriesOf(List<Disclosure> disclosures) {
        List<String> ids = disclosures.stream().map(d -> d.auditEntryId).filter(id -> id != null).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return AuditEntry.<AuditEntry>list("id in ?1", ids).stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
    }

    @Override
    @Transactional
    public Result check(int limit) {
        List<Finding> findings = new ArrayList<>();
        long rows = 0;
        String after = "";
        while (findings.size() < limit) {
            List<Disclosure> batch = Disclosure.<Disclosure>find("id > ?1 order by id", after).page(0, BATCH).list();
            if (batch.isEmpty()) {
                break;
            }
            Map<String, AuditEntry> entries = entriesOf(batch);
            for (Disclosure disclosure : batch) {
                rows++;
                Match match = match(disclosure, disclosure.auditEntryId == null ? null : entries.get(disclosure.auditEntryId));
                if ((match == Match.ALTERED || match == Match.NOT_LOGGED) && findings.size() < limit) {
                    findings.add(new Finding("disclosure", disclosure.id, disclosure.auditEntryId, match.value));
                }
            }
            after = batch.get(batch.size() - 1).id;
            em.clear();
        }
        // entries of releases whose row is gone: the citizen's list would simply lose them
        @SuppressWarnings("unchecked")
        List<Object[]> orphans = em.createNativeQuery("select e.id, e.object_id from audit_entry e where e.action = ?1 "
                + "and e.object_type = 'disclosure' and not exists (select 1 from disclosure d where d.id = e.object_id) "
                + "order by e.seq").setParameter(1, ACTION).setMaxResults(Math.max(0, limit - findings.size())).getResultList();
        for (Object[] orphan : orphans) {
            findings.add(new Finding("disclosure", (String) orphan[1], (String) orphan[0], "row-missing"));
        }
        return new Result(rows, findings);
    }
}
