package dev.sealgate.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.sealgate.audit.offline.AuditLogVerifier;

/**
 * The audit tables exported as the README's {@code psql \copy ... csv header} commands export them,
 * and the offline verifier run on them (or on a proof) with the dev root as the only trust anchor.
 */
final class OfflineAudit {

    static final String ROOT = "certs-dev/root-ca.pem";
    private static final String ENTRY_COLUMNS = "id, seq, version, occurred_at, actor_subject, actor_username, actor_client, "
            + "action, object_type, object_id, document_digest, outcome, prev_hash, hash, leaf_hash, details_digest";

    /** What the verifier printed and its exit code. */
    record Offline(int exitCode, String output) {
    }

    private OfflineAudit() {
    }

    static Offline run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditLogVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Offline(code, out.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code log} over the whole export: entries, tree heads, subtrees, the chain's checkpoints, the sequencer's size;
     * {@code options} after them (e.g. {@code --log-key file.pem}).
     */
    static Offline log(Connection connection, Path dir, String... options) throws SQLException, IOException {
        Path entries = export(connection, "select " + ENTRY_COLUMNS + " from audit_entry where seq is not null order by seq",
                dir.resolve("entries.csv"));
        Path heads = export(connection, "select tree_size, root_hash, created_at, signature, time_stamp, origin, note_signature from audit_tree_head "
                + "order by id",
                dir.resolve("tree-heads.csv"));
        Path nodes = export(connection, "select level, idx, hash from audit_node", dir.resolve("nodes.csv"));
        Path checkpoints = export(connection, "select seq, head_hash, created_at, signature, time_stamp from audit_checkpoint order by id",
                dir.resolve("checkpoints.csv"));
        Path sequencer = export(connection, "select tree_size from audit_sequencer", dir.resolve("sequencer.csv"));
        List<String> args = new ArrayList<>(List.of("log", entries.toString(), heads.toString(), ROOT, "--nodes", nodes.toString(),
                "--checkpoints", checkpoints.toString(), "--sequencer", sequencer.toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private static Path export(Connection connection, String query, Path file) throws SQLException, IOException {
        try (ResultSet rows = connection.createStatement().executeQuery(query);
                Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int columns = rows.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                header.add(rows.getMetaData().getColumnLabel(i).toLowerCase());
            }
            out.write(String.join(",", header) + "\n");
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    out.write((i > 1 ? "," : "") + (value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\""));
                }
                out.write("\n");
            }
        }
        return file;
    }
}
