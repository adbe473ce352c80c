package dev.sealgate.audit.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.CheckpointNote;
import dev.sealgate.audit.ChainWalk;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.audit.LoggedEntry;
import dev.sealgate.audit.TreeWalk;
import dev.sealgate.audit.merkle.MerkleTree;
import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.crypto.NoteSignatures;
import dev.sealgate.crypto.Pem;

/**
 * Verifies the audit log without the gateway, for external auditors, citizens and partners, with the
 * root certificate as the only trust anchor:
 * <ul>
 * <li>{@code log}: the whole tree from a database export, with the same walk and checks as
 * {@code GET /api/v1/audit/verify} (leaf hashes, the old chain's links, no gaps, every signed tree
 * head, optionally the stored subtrees, the old chain's checkpoints and the sequencer's size);</li>
 * <li>{@code proof}: one inclusion proof as {@code GET /api/v1/audit/entries/{id}/proof} returns it;</li>
 * <li>{@code consistency}: one consistency proof as {@code GET /api/v1/audit/consistency} returns it,
 * against the earlier head it carries or, with {@code --earlier}, the one the caller holds (a head,
 * or the inclusion or consistency proof it came with: old heads are thinned out of the log, the
 * proof is computed for any earlier size).</li>
 * </ul>
 * Prints the verdict on one line: exit 0 when it holds, 1 when it does not, 2 on unusable input. The
 * README's "Audit log" section has the export and run commands.
 */
public final class AuditLogVerifier {

    private static final String USAGE = String.join("\n",
            "usage: AuditLogVerifier log <entries.csv> <tree-heads.csv> <ca.pem> [--nodes nodes.csv] [--checkpoints checkpoints.csv] [--sequencer sequencer.csv]",
            "       AuditLogVerifier proof <proof.json> <ca.pem>",
            "       AuditLogVerifier consistency <consistency.json> <ca.pem> [--earlier head-or-proof.json]",
            "       any of them with [--log-key log-key.pem ...]: a log key from before the log had an identity of its own,",
            "       accepted as the log's (GET /api/v1/audit/log-key lists them)",
            "       proof and consistency with [--witness <verifier key> ...] [--witnesses k]: the head must carry valid",
            "       co-signatures (cosignature/v1) of at least k of those witnesses (default: all of them)");
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The witnesses whose co-signatures a head must carry, and how many of them. */
    private record Quorum(List<NoteSignatures.Cosigner> witnesses, int required) {

        /** Null when {@code head} carries enough of the witnesses' co-signatures; otherwise what is missing. */
        String problem(SignedTreeHead head) {
            if (required == 0) {
                return null;
            }
            int have = head.cosignedBy(witnesses).size();
            return have >= required ? null : "the head of " + head.treeSize() + " entries carries valid co-signatures of " + have
                    + " of the witnesses given, " + required + " required";
        }
    }

    private AuditLogVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] all, PrintStream out) {
        try {
            // --log-key FILE, anywhere and repeated: pinned log keys; the rest as before
            List<String> rest = new ArrayList<>();
            List<X509Certificate> pinnedKeys = new ArrayList<>();
            List<NoteSignatures.Cosigner> witnesses = new ArrayList<>();
            int required = -1;
            for (int i = 0; i < all.length; i++) {
                if (all[i].equals("--log-key") && i + 1 < all.length) {
                    pinnedKeys.addAll(anchors(all[++i]));
                } else if (all[i].equals("--witness") && i + 1 < all.length) {
                    witnesses.add(NoteSignatures.parseCosignerVkey(all[++i]));
                } else if (all[i].equals("--witnesses") && i + 1 < all.length) {
                    required = Integer.parseInt(all[++i]);
                } else {
                    rest.add(all[i]);
                }
            }
            if (required > witnesses.size()) {
                out.println("cannot verify: " + required + " witnesses required, " + witnesses.size() + " given with --witness");
                return 2;
            }
            Quorum quorum = new Quorum(List.copyOf(witnesses), required < 0 ? witnesses.size() : required);
            String[] args = rest.toArray(String[]::new);
            Predicate<X509Certificate> pins = pinnedKeys::contains;
            if (args.length >= 4 && args[0].equals("log")) {
                return log(args, pins, out);
            }
            if (args.length == 3 && args[0].equals("proof")) {
                return proof(document(args[1], "an inclusion proof", "entry", "leafHash", "treeHead", "proof"), anchors(args[2]), pins, quorum, out);
            }
            if ((args.length == 3 || args.length == 5 && args[3].equals("--earlier")) && args[0].equals("consistency")) {
                JsonNode proof = document(args[1], "a consistency proof", "to", "proof");
                JsonNode earlier = args.length == 5 ? earlierHead(document(args[4], "a tree head or a proof")) : null;
                if (args.length == 5 && earlier == null) {
                    out.println("cannot verify: " + args[4] + " is not a tree head, an inclusion proof or a consistency proof");
                    return 2;
                }
                if (earlier == null && !proof.hasNonNull("from")) {
                    out.println("cannot verify: the proof does not carry the earlier head (it was thinned out of the log); "
                            + "give the head you hold with --earlier");
                    return 2;
                }
                return consistency(proof, earlier != null ? earlier : proof.get("from"), anchors(args[2]), pins, quorum, out);
            }
            out.println(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            out.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** The JSON in {@code file}, which must have the {@code fields} (an error response from the API has not). */
    private static JsonNode document(String file, String what, String... fields) throws IOException {
        JsonNode json = JSON.readTree(Path.of(file).toFile());
        for (String field : fields) {
            if (json == null || !json.hasNonNull(field)) {
                String problem = json != null && json.hasNonNull("type") ? " (it is an error answer: " + json.path("title").asText() + ")" : "";
                throw new IllegalArgumentException(file + " is not " + what + ": it has no " + field + problem);
            }
        }
        return json;
    }

    private static List<X509Certificate> anchors(String file) throws IOException {
        try (Reader pem = Files.newBufferedReader(Path.of(file), StandardCharsets.US_ASCII)) {
            List<X509Certificate> anchors = Pem.certificates(pem);
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return anchors;
        }
    }

    // --- the whole log -----------------------------------------------------------------------------

    private static int log(String[] args, Predicate<X509Certificate> pins, PrintStream out) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 4; i < args.length; i += 2) {
            if (i + 1 >= args.length || !List.of("--nodes", "--checkpoints", "--sequencer").contains(args[i])) {
                out.println(USAGE);
                return 2;
            }
            options.put(args[i], args[i + 1]);
        }
        List<X509Certificate> anchors = anchors(args[3]);
        TreeMap<Long, List<SignedTreeHead>> heads = new TreeMap<>();
        try (CsvRows rows = open(Path.of(args[2]))) {
            rows.require("tree_size", "root_hash", "created_at", "signature", "time_stamp");
            Map<String, String> row;
            while ((row = rows.next()) != null) {
                long headSize = Long.parseLong(row.get("tree_size"));
                String origin = row.get("origin");
                String noteSignature = row.get("note_signature");
                // heads signed as checkpoints too (origin and note_signature exported): the log's note signature is checked as well
                String checkpoint = origin == null || noteSignature == null ? null : new CheckpointNote(origin, headSize,
                        HEX.parseHex(row.get("root_hash")), List.of(new CheckpointNote.Line(origin,
                                java.util.Base64.getDecoder().decode(noteSignature)))).note();
                SignedTreeHead head = new SignedTreeHead(headSize, row.get("root_hash"),
                        Instant.ofEpochMilli(epochMillis(row.get("created_at"))).toString(), row.get("signature"),
                        row.get("time_stamp"), checkpoint);
                heads.computeIfAbsent(head.treeSize(), size -> new ArrayList<>()).add(head);
            }
        }
        Map<String, String> nodes = null;
        if (options.containsKey("--nodes")) {
            nodes = new HashMap<>();
            try (CsvRows rows = open(Path.of(options.get("--nodes")))) {
                rows.require("level", "idx", "hash");
                Map<String, String> row;
                while ((row = rows.next()) != null) {
                    nodes.put(row.get("level") + "/" + row.get("idx"), row.get("hash"));
                }
            }
        }
        Map<Long, List<Map<String, String>>> checkpoints = new TreeMap<>();
        if (options.containsKey("--checkpoints")) {
            try (CsvRows rows = open(Path.of(options.get("--checkpoints")))) {
                rows.require("seq", "head_hash", "signature", "time_stamp");
                Map<String, String> row;
                while ((row = rows.next()) != null) {
                    checkpoints.computeIfAbsent(Long.parseLong(row.get("seq")), seq -> new ArrayList<>()).add(row);
                }
            }
        }
        long recorded = -1;
        if (options.containsKey("--sequencer")) {
            try (CsvRows rows = open(Path.of(options.get("--sequencer")))) {
                rows.require("tree_size");
                Map<String, String> row = rows.next();
                if (row == null) {
                    throw new IllegalArgumentException("the sequencer export has no row");
                }
                recorded = Long.parseLong(row.get("tree_size"));
            }
        }

        Map<String, String> stored = nodes;
        TreeWalk walk = new TreeWalk(stored == null ? null : (level, index) -> stored.get(level + "/" + index));
        Map<Long, String> chainHashes = new HashMap<>();
        long headsChecked = 0;
        ChainBreak broken = null;
        for (SignedTreeHead head : heads.getOrDefault(0L, List.of())) {
            broken = broken != null ? broken : walk.head(0, head.rootHash(), head.sealProblem(anchors, pins));
            headsChecked++;
        }
        try (CsvRows rows = open(Path.of(args[1]))) {
            rows.require("id", "seq", "version", "occurred_at", "actor_subject", "actor_username", "actor_client", "action",
                    "object_type", "object_id", "document_digest", "outcome", "prev_hash", "hash", "leaf_hash");
            Map<String, String> row;
            while (broken == null && (row = rows.next()) != null) {
                LoggedEntry entry = entry(row);
                broken = walk.next(entry);
                if (broken == null && entry.version() == 1 && checkpoints.containsKey(entry.seq())) {
                    chainHashes.put(entry.seq(), entry.hash());
                }
                for (SignedTreeHead head : broken == null ? heads.getOrDefault(walk.size(), List.of()) : List.<SignedTreeHead>of()) {
                    broken = broken != null ? broken : walk.head(head.treeSize(), head.rootHash(), head.sealProblem(anchors, pins));
                    headsChecked++;
                }
            }
        }
        if (broken == null) {
            broken = walk.end(recorded < 0 ? walk.size() : recorded, heads.isEmpty() ? 0 : heads.lastKey());
        }
        long checkpointsChecked = 0;
        for (List<Map<String, String>> at : checkpoints.values()) {
            for (Map<String, String> checkpoint : at) {
                if (broken != null) {
                    break;
                }
                long seq = Long.parseLong(checkpoint.get("seq"));
                String headHash = checkpoint.get("head_hash");
                broken = ChainWalk.checkpoint(seq, headHash, chainHashes.get(seq), ChainedEntry.checkpointSealProblem(seq, headHash,
                        checkpoint.get("signature"), checkpoint.get("time_stamp"), anchors, pins));
                checkpointsChecked++;
            }
        }
        if (broken != null) {
            out.println("BROKEN at entry " + broken.seq() + ": " + broken.reason() + " (" + broken.detail() + ")");
            return 1;
        }
        out.println("INTACT: " + walk.size() + " entries, " + headsChecked + " tree heads, " + checkpointsChecked
                + " chain checkpoints, root " + walk.rootHex() + (stored == null ? "" : ", stored tree matches"));
        return 0;
    }

    private static LoggedEntry entry(Map<String, String> row) {
        String seq = row.get("seq");
        String leaf = row.get("leaf_hash");
        return new LoggedEntry(Integer.parseInt(row.get("version")), row.get("id"), seq == null ? null : Long.parseLong(seq),
                epochMillis(row.get("occurred_at")), row.get("actor_subject"), row.get("actor_username"), row.get("actor_client"),
                row.get("action"), row.get("object_type"), row.get("object_id"), row.get("document_digest"), row.get("outcome"),
                row.get("prev_hash"), row.get("hash"), leaf, row.get("details_digest"));
    }

    // --- one proof ---------------------------------------------------------------------------------

    private static int proof(JsonNode proof, List<X509Certificate> anchors, Predicate<X509Certificate> pins, Quorum quorum,
            PrintStream out) {
        JsonNode e = proof.path("entry");
        LoggedEntry entry = new LoggedEntry(e.path("version").asInt(), text(e, "id"),
                e.hasNonNull("seq") ? e.get("seq").asLong() : null, Instant.parse(text(e, "time")).toEpochMilli(),
                text(e, "actorSubject"), text(e, "actorUsername"), text(e, "actorClient"), text(e, "action"), text(e, "objectType"),
                text(e, "objectId"), text(e, "documentDigest"), text(e, "outcome"), text(e, "prevHash"), text(e, "hash"), null,
                text(e, "detailsDigest"));
        String leaf = entry.computeLeafHash();
        SignedTreeHead head = head(proof.path("treeHead"));
        long index = proof.path("leafIndex").asLong(-1);
        String problem = null;
        if (!leaf.equals(text(proof, "leafHash"))) {
            problem = "the entry's fields do not hash to the proof's leaf hash";
        } else if (entry.seq() == null || index != entry.seq() - 1) {
            problem = "the leaf index is not the entry's place";
        } else if (head.treeSize() != proof.path("treeSize").asLong(-1)) {
            problem = "the proof is for another tree size than its head";
        } else if ((problem = head.sealProblem(anchors, pins)) != null) {
            problem = "tree head: " + problem;
        } else if ((problem = quorum.problem(head)) != null) {
            problem = "witnesses: " + problem;
        } else if (!MerkleTree.verifyInclusion(HEX.parseHex(leaf), index, head.treeSize(), hashes(proof.path("proof")),
                HEX.parseHex(head.rootHash()))) {
            problem = "the inclusion proof does not lead to the signed root";
        }
        if (problem != null) {
            out.println("NOT PROVEN: entry " + entry.id() + ": " + problem);
            return 1;
        }
        out.println("PROVEN: entry " + entry.id() + " (" + entry.action() + ", " + Instant.ofEpochMilli(entry.timeMillis())
                + ") is leaf " + index + " of the tree head of " + head.treeSize() + " entries signed " + head.createdAt()
                + ", root " + head.rootHash() + (quorum.required() == 0 ? "" : ", co-signed by " + head.cosignedBy(quorum.witnesses()).size()
                        + " of the witnesses given"));
        return 0;
    }

    /** The head in a file: a head itself, or the one an inclusion proof ({@code treeHead}) or consistency proof ({@code to}) is against. */
    private static JsonNode earlierHead(JsonNode document) {
        JsonNode head = document.has("treeHead") ? document.get("treeHead") : document.has("to") ? document.get("to") : document;
        return head != null && head.hasNonNull("rootHash") && head.hasNonNull("treeSize") ? head : null;
    }

    private static int consistency(JsonNode proof, JsonNode earlier, List<X509Certificate> anchors, Predicate<X509Certificate> pins,
            Quorum quorum, PrintStream out) {
        SignedTreeHead from = head(earlier);
        SignedTreeHead to = head(proof.path("to"));
        String problem = from.sealProblem(anchors, pins);
        problem = problem != null ? "earlier head: " + problem : to.sealProblem(anchors, pins);
        problem = problem != null ? problem : quorum.problem(to) == null ? null : "witnesses: " + quorum.problem(to);
        long asked = proof.path("fromSize").asLong(from.treeSize());
        if (problem == null && asked != from.treeSize()) {
            problem = "the proof starts at a tree of " + asked + " entries, the earlier head has " + from.treeSize();
        }
        if (problem == null && !MerkleTree.verifyConsistency(from.treeSize(), to.treeSize(), HEX.parseHex(from.rootHash()),
                HEX.parseHex(to.rootHash()), hashes(proof.path("proof")))) {
            problem = "the consistency proof does not join the two signed roots";
        }
        if (problem != null) {
            out.println("NOT CONSISTENT: " + problem);
            return 1;
        }
        out.println("CONSISTENT: the tree head of " + to.treeSize() + " entries (signed " + to.createdAt()
                + ") extends the one of " + from.treeSize() + " (signed " + from.createdAt() + ")");
        return 0;
    }

    private static SignedTreeHead head(JsonNode head) {
        return new SignedTreeHead(head.path("treeSize").asLong(-1), text(head, "rootHash"), text(head, "createdAt"),
                text(head, "signature"), text(head, "timeStamp"), text(head, "checkpoint"));
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(node -> hashes.add(HEX.parseHex(node.asText())));
        return hashes;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
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
