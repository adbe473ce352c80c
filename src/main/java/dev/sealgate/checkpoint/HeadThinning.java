package dev.sealgate.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Thins out old signed tree heads. Under steady load the sequencer signs a head every second
 * (about 6 KB each with its certificate chains and time-stamp: half a gigabyte a day); what a head
 * is for lasts less long. A fresh head tells a verifier that the log is current; an old one only
 * pins the entries before it, and any later head pins them too. So every head younger than
 * {@code keepAll} stays; of older ones the first of each {@code onePer} period (by signing time)
 * stays, the rest are deleted. The latest head always stays. Nothing a citizen or partner was given
 * depends on a deleted row: they hold the head they were given, and a consistency proof from its
 * size to any later head is computed from the stored subtrees (see {@code AuditResource}).
 *
 * <p>Plain JDBC in the caller's transaction, so it is tested on either database without the
 * application.
 */
public final class HeadThinning {

    private static final int PAGE = 5000;
    private static final int MOST_PER_RUN = 50_000;

    private final Duration keepAll;
    private final Duration onePer;

    public HeadThinning(Duration keepAll, Duration onePer) {
        if (keepAll.isNegative() || onePer.isZero() || onePer.isNegative()) {
            throw new IllegalArgumentException("keep-all must not be negative and one-per must be positive");
        }
        this.keepAll = keepAll;
        this.onePer = onePer;
    }

    /**
     * Deletes the heads older than {@code now - keepAll} that are not the first of their period;
     * returns how many. At most about {@value #MOST_PER_RUN} a run, so the first run over a long
     * history stays a short transaction; the next run starts again from the oldest head, passes over
     * the periods thinned already and goes on.
     */
    public int run(Connection connection, Instant now) throws SQLException {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(keepAll), ZoneOffset.UTC);
        long latest;
        try (PreparedStatement select = connection.prepareStatement(
                "select id from audit_tree_head order by tree_size desc, id desc fetch first 1 rows only");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return 0;
            }
            latest = row.getLong(1);
        }
        int deleted = 0;
        long period = Long.MIN_VALUE;
        OffsetDateTime afterTime = null;
        long afterId = Long.MIN_VALUE;
        while (true) {
            List<Long> doomed = new ArrayList<>();
            int read = 0;
            try (PreparedStatement select = connection.prepareStatement("select id, created_at from audit_tree_head where created_at < ?"
                    + (afterTime == null ? "" : " and (created_at > ? or (created_at = ? and id > ?))")
                    + " order by created_at, id fetch first " + PAGE + " rows only")) {
                select.setObject(1, cutoff);
                if (afterTime != null) {
                    select.setObject(2, afterTime);
                    select.setObject(3, afterTime);
                    select.setLong(4, afterId);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        read++;
                        long id = row.getLong(1);
                        OffsetDateTime at = row.getObject(2, OffsetDateTime.class);
                        long its = Math.floorDiv(at.toInstant().toEpochMilli(), onePer.toMillis());
                        if (its != period) {
                            period = its;
                        } else if (id != latest) {
                            doomed.add(id);
                        }
                        afterTime = at;
                        afterId = id;
                    }
                }
            }
            if (!doomed.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("delete from audit_tree_head where id = ?")) {
                    for (long id : doomed) {
                        delete.setLong(1, id);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
                deleted += doomed.size();
            }
            if (read < PAGE || deleted >= MOST_PER_RUN) {
                return deleted;
            }
        }
    }
}
