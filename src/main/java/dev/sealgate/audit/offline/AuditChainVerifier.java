package dev.sealgate.audit.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.ChainWalk;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.crypto.Pem;
import dev.sealgate.formats.cades.CheckpointSeals;

/**
 * Verifies the audit chain from a database export, for external auditors, with the same walk and
 * checks as {@code GET /api/v1/audit/verify}: every entry's hash and link, no gaps, the head (when
 * exported), and every checkpoint's signature and time-stamp against the given CA certificates.
 * Needs only the JDK and BouncyCastle. Prints INTACT (exit 0) or the first break (exit 1); unusable
 * input exits 2. See the README's "Audit log" section for the export and run commands.
 */
public final class AuditChainVerifier {

    private static final String USAGE = "usage: AuditChainVerifier <entries.csv> <checkpoints.csv> <ca.pem> [head.csv]";

    private AuditChainVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        if (args.length < 3 || args.length > 4) {
            out.println(USAGE);
            return 2;
        }
        try {
            List<X509Certificate> anchors;
            try (Reader pem = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.US_ASCII)) {
                anchors = Pem.certificates(pem);
            }
            if (anchors.isEmpty()) {
                out.println("no certificate in " + args[2]);
                return 2;
            }
            Path checkpoints = Path.of(args[1]);
            Set<Long> checkpointSeqs = checkpointSeqs(checkpoints);
            Map<Long, String> hashesAtCheckpoints = new HashMap<>();
            ChainWalk walk = new ChainWalk();
            ChainBreak broken = walkEntries(Path.of(args[0]), walk, checkpointSeqs, hashesAtCheckpoints);
            if (broken == null && args.length == 4) {
                broken = head(Path.of(args[3]), walk);
            }
            long verified = 0;
            if (broken == null) {
                try (CsvRows rows = open(checkpoints)) {
                    Map<String, String> row;
                    while (broken == null && (row = rows.next()) != null) {
                        long seq = Long.parseLong(row.get("seq"));
                        String headHash = row.get("head_hash");
                        String problem = sealProblem(seq, headHash, row.get("signature"), row.get("time_stamp"), anchors);
                        broken = ChainWalk.checkpoint(seq, headHash, hashesAtCheckpoints.get(seq), problem);
                        verified += broken == null ? 1 : 0;
                    }
                }
            }
            if (broken != null) {
                out.println("BROKEN at entry " + broken.seq() + ": " + broken.reason() + " (" + broken.detail() + ")");
                return 1;
            }
            out.println("INTACT: " + walk.count() + " entries, " + verified + " checkpoints, last entry " + walk.lastSeq()
                    + " with hash " + walk.lastHash());
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static Set<Long> checkpointSeqs(Path file) throws IOException {
        Set<Long> seqs = new HashSet<>();
        try (CsvRows rows = open(file)) {
            rows.require("seq", "head_hash", "signature", "time_stamp");
            Map<String, String> row;
            while ((row = rows.next()) != null) {
                seqs.add(Long.parseLong(row.get("seq")));
            }
        }
        return seqs;
    }

    private static ChainBreak walkEntries(Path file, ChainWalk walk, Set<Long> checkpointSeqs, Map<Long, String> hashes)
            throws IOException {
        try (CsvRows rows = open(file)) {
            rows.require("seq", "occurred_at", "actor_subject", "actor_username", "actor_client", "action", "object_type",
                    "object_id", "document_digest", "outcome", "prev_hash", "hash");
            Map<String, String> row;
            while ((row = rows.next()) != null) {
                ChainedEntry entry = new ChainedEntry(Long.parseLong(row.get("seq")), epochMillis(row.get("occurred_at")),
                        row.get("actor_subject"), row.get("actor_username"), row.get("actor_client"), row.get("action"),
                        row.get("object_type"), row.get("object_id"), row.get("document_digest"), row.get("outcome"),
                        row.get("prev_hash"), row.get("hash"));
                ChainBreak broken = walk.next(entry);
                if (broken != null) {
                    return broken;
                }
                if (checkpointSeqs.contains(entry.seq())) {
                    hashes.put(entry.seq(), entry.hash());
                }
            }
        }
        return null;
    }

    private static ChainBreak head(Path file, ChainWalk walk) throws IOException {
        try (CsvRows rows = open(file)) {
            rows.require("last_seq", "last_hash");
            Map<String, String> row = rows.next();
            if (row == null) {
                throw new IllegalArgumentException("the head export has no row");
            }
            return walk.end(Long.parseLong(row.get("last_seq")), row.get("last_hash"));
        }
    }

    private static String sealProblem(long seq, String headHash, String signature, String timeStamp,
            List<X509Certificate> anchors) {
        try {
            return CheckpointSeals.check(ChainedEntry.checkpointStatement(seq, headHash), Base64.getDecoder().decode(signature),
                    Base64.getDecoder().decode(timeStamp), anchors);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "the stored signature or time-stamp is not base64";
        }
    }

    /**
     * A timestamp as PostgreSQL and H2 print one ({@code 2026-03-01 10:11:12.345+00}, offset with or
     * without minutes) or as ISO-8601.
     */
    static long epochMillis(String text) {
        String iso = text.trim().replace(' ', 'T');
        if (iso.matches(".*[+-]\\d\\d")) {
            iso = iso + ":00";
        }
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    private static CsvRows open(Path file) throws IOException {
        return new CsvRows(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }
}
