package dev.sealgate.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.sealgate.audit.LoggedEntry;
import dev.sealgate.audit.merkle.TreeStore;

/**
 * One sequencing batch on a JDBC connection, in the caller's transaction: renew the lease (which
 * locks {@code audit_sequencer}; no lease, no batch), number the next entries, store the subtrees
 * they close, record the tree's new size. Plain JDBC, so the migration test runs it on a database
 * made by an earlier version without the application.
 */
public final class SequencerBatch {

    /** What one batch did: whether this holder had the lease, how many entries it numbered, the tree's size after. */
    public record Batch(boolean holder, int sequenced, long treeSize) {
    }

    private final String me;
    private final long leaseSeconds;
    private final int batchSize;

    public SequencerBatch(String holder, Duration lease, int batchSize) {
        this.me = holder;
        this.leaseSeconds = Math.max(1, lease.toSeconds());
        this.batchSize = batchSize;
    }

    /** One batch in the caller's transaction on {@code connection}; commit or roll back afterwards. */
    public Batch run(Connection connection) throws SQLException {
        try (PreparedStatement renew = connection.prepareStatement("update audit_sequencer set holder = ?, lease_until = "
                + "current_timestamp + interval '" + leaseSeconds + "' second where id = 1 and "
                + "(holder = ? or holder is null or lease_until < current_timestamp)")) {
            renew.setString(1, me);
            renew.setString(2, me);
            if (renew.executeUpdate() == 0) {
                return new Batch(false, 0, -1);
            }
        }
        long size;
        try (PreparedStatement select = connection.prepareStatement("select tree_size from audit_sequencer where id = 1");
                ResultSet row = select.executeQuery()) {
            row.next();
            size = row.getLong(1);
        }
        List<LoggedEntry> next = chainedToAdopt(connection, size);
        if (next.isEmpty()) {
            next = pending(connection);
        }
        if (next.isEmpty()) {
            return new Batch(true, 0, size);
        }
        StoredNodes nodes = new StoredNodes(connection);
        TreeStore tree = new TreeStore(nodes, size);
        try (PreparedStatement number = connection.prepareStatement("update audit_entry set seq = ?, leaf_hash = ?, "
                + "sequenced_at = current_timestamp where id = ? and (seq is null or seq = ?)")) {
            for (LoggedEntry entry : next) {
                long seq = tree.size() + 1;
                String leaf = entry.at(seq, null).computeLeafHash();
                tree.append(HexFormat.of().parseHex(leaf));
                number.setLong(1, seq);
                number.setString(2, leaf);
                number.setString(3, entry.id());
                number.setLong(4, seq);
                number.addBatch();
            }
            for (int updated : number.executeBatch()) {
                if (updated != 1 && updated != PreparedStatement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("an audit entry was numbered by someone else; batch rolled back");
                }
            }
        }
        nodes.flush();
        try (PreparedStatement grow = connection.prepareStatement("update audit_sequencer set tree_size = ? where id = 1")) {
            grow.setLong(1, tree.size());
            grow.executeUpdate();
        }
        return new Batch(true, next.size(), tree.size());
    }

    /** Entries of the chain written before the tree, numbered already, not yet in it: adopted in their order. */
    private List<LoggedEntry> chainedToAdopt(Connection connection, long size) throws SQLException {
        List<LoggedEntry> entries = read(connection, "where seq > ? order by seq", size);
        List<LoggedEntry> contiguous = new ArrayList<>();
        for (LoggedEntry entry : entries) {
            if (entry.seq() != size + 1 + contiguous.size()) {
                break;
            }
            contiguous.add(entry);
        }
        if (!entries.isEmpty() && contiguous.isEmpty()) {
            throw new IllegalStateException("chained audit entry " + (size + 1) + " is missing; the tree stops before it until "
                    + "an auditor has looked (GET /api/v1/audit/verify)");
        }
        return contiguous;
    }

    private List<LoggedEntry> pending(Connection connection) throws SQLException {
        return read(connection, "where seq is null order by occurred_at, id", null);
    }

    private List<LoggedEntry> read(Connection connection, String condition, Long after) throws SQLException {
        List<LoggedEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select version, id, seq, occurred_at, actor_subject, "
                + "actor_username, actor_client, action, object_type, object_id, document_digest, outcome, prev_hash, hash, "
                + "details_digest from audit_entry " + condition + " fetch first " + batchSize + " rows only")) {
            if (after != null) {
                select.setLong(1, after);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long seq = row.getLong(3);
                    entries.add(new LoggedEntry(row.getInt(1), row.getString(2), row.wasNull() ? null : seq,
                            row.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli(), row.getString(5), row.getString(6),
                            row.getString(7), row.getString(8), row.getString(9), row.getString(10), row.getString(11),
                            row.getString(12), row.getString(13), row.getString(14), null, row.getString(15)));
                }
            }
        }
        return entries;
    }
}
