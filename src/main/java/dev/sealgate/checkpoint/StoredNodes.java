package dev.sealgate.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.sealgate.audit.merkle.TreeStore;

/**
 * The audit tree's complete subtrees in table {@code audit_node}, read through one JDBC connection
 * (the caller's transaction); the leaves (level 0) are the entries' own leaf hashes in
 * {@code audit_entry}, not stored twice. Writes are kept until {@link #flush} inserts them in one
 * batch; reads see them at once.
 */
final class StoredNodes implements TreeStore.Nodes {

    private static final HexFormat HEX = HexFormat.of();

    private record Key(int level, long index) {
    }

    private final Connection connection;
    private final Map<Key, byte[]> known = new HashMap<>();
    private final List<Key> written = new ArrayList<>();

    StoredNodes(Connection connection) {
        this.connection = connection;
    }

    @Override
    public byte[] get(int level, long index) {
        Key key = new Key(level, index);
        byte[] hash = known.get(key);
        if (hash != null) {
            return hash;
        }
        try (PreparedStatement select = connection.prepareStatement(level == 0
                ? "select leaf_hash from audit_entry where seq = ?" : "select hash from audit_node where level = ? and idx = ?")) {
            if (level == 0) {
                select.setLong(1, index + 1);
            } else {
                select.setInt(1, level);
                select.setLong(2, index);
            }
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getString(1) == null) {
                    throw new IllegalStateException("the audit tree has no stored node " + level + "/" + index);
                }
                hash = HEX.parseHex(row.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit tree", e);
        }
        known.put(key, hash);
        return hash;
    }

    @Override
    public void put(int level, long index, byte[] hash) {
        Key key = new Key(level, index);
        known.put(key, hash);
        if (level > 0) {
            written.add(key);
        }
    }

    /** Inserts the nodes put since the last flush. */
    void flush() throws SQLException {
        if (written.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_node (level, idx, hash) values (?, ?, ?)")) {
            for (Key key : written) {
                insert.setInt(1, key.level());
                insert.setLong(2, key.index());
                insert.setString(3, HEX.formatHex(known.get(key)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        written.clear();
    }
}
