package dev.sealgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.audit.merkle.MerkleTree;

/**
 * SealGate's code against the published test vectors ({@code docs/audit/audit-tree-vectors.json}),
 * which {@code docs/audit/make-vectors.py} computes independently from the written description: leaf
 * encodings and hashes of chained and tree entries, the old chain's links, the head of every prefix,
 * every inclusion and consistency proof, and a tree head statement.
 */
class AuditTreeVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws Exception {
        return new ObjectMapper().readTree(new File("docs/audit/audit-tree-vectors.json"));
    }

    private static String text(JsonNode node, String field) {
        return node.get(field) == null || node.get(field).isNull() ? null : node.get(field).asText();
    }

    private static LoggedEntry entry(JsonNode e) {
        return new LoggedEntry(e.get("version").asInt(), text(e, "id"), e.get("seq").asLong(), e.get("timeMillis").asLong(),
                text(e, "actorSubject"), text(e, "actorUsername"), text(e, "actorClient"), text(e, "action"), text(e, "objectType"),
                text(e, "objectId"), text(e, "documentDigest"), text(e, "outcome"), text(e, "prevHash"), text(e, "hash"),
                text(e, "leafHash"));
    }

    @Test
    void everyEntryEncodesAndHashesAsPublished() throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        TreeWalk walk = new TreeWalk(null);
        for (JsonNode e : vectors().get("entries")) {
            LoggedEntry entry = entry(e);
            assertEquals(e.get("leafEncoding").asText(), HEX.formatHex(entry.leafEncoding()), entry.id());
            assertEquals(e.get("leafHash").asText(), entry.computeLeafHash(), entry.id());
            assertEquals(java.time.Instant.ofEpochMilli(entry.timeMillis()), java.time.Instant.parse(e.get("time").asText()));
            if (entry.version() == 1) {
                assertEquals(entry.hash(), entry.chained().computeHash(entry.prevHash()), "the old chain's link of " + entry.id());
            }
            assertNull(walk.next(entry), entry.id());
            leaves.add(HEX.parseHex(entry.computeLeafHash()));
        }
        assertEquals(5, leaves.size());
        assertEquals(2, walk.chain().count());
        JsonNode roots = vectors().get("roots");
        assertEquals(roots.get(leaves.size()).get("rootHash").asText(), walk.rootHex());
        for (JsonNode root : roots) {
            int size = root.get("treeSize").asInt();
            assertEquals(root.get("rootHash").asText(), HEX.formatHex(MerkleTree.root(leaves.subList(0, size))), "root of " + size);
        }
    }

    @Test
    void everyProofIsAsPublishedAndVerifies() throws Exception {
        JsonNode vectors = vectors();
        List<byte[]> leaves = new ArrayList<>();
        vectors.get("entries").forEach(e -> leaves.add(HEX.parseHex(e.get("leafHash").asText())));
        int inclusion = 0;
        for (JsonNode p : vectors.get("inclusion")) {
            int index = p.get("leafIndex").asInt();
            int size = p.get("treeSize").asInt();
            List<byte[]> proof = MerkleTree.inclusionProof(leaves.subList(0, size), index);
            assertEquals(hashes(p.get("proof")), proof.stream().map(HEX::formatHex).toList(), index + " in " + size);
            assertTrue(MerkleTree.verifyInclusion(leaves.get(index), index, size, proof, MerkleTree.root(leaves.subList(0, size))));
            inclusion++;
        }
        int consistency = 0;
        for (JsonNode p : vectors.get("consistency")) {
            int from = p.get("from").asInt();
            int to = p.get("to").asInt();
            List<byte[]> proof = MerkleTree.consistencyProof(leaves.subList(0, to), from);
            assertEquals(hashes(p.get("proof")), proof.stream().map(HEX::formatHex).toList(), from + " to " + to);
            assertTrue(MerkleTree.verifyConsistency(from, to, MerkleTree.root(leaves.subList(0, from)),
                    MerkleTree.root(leaves.subList(0, to)), proof));
            consistency++;
        }
        assertEquals(15, inclusion);
        assertEquals(15, consistency);
    }

    @Test
    void theTreeHeadStatementIsAsPublished() throws Exception {
        JsonNode head = vectors().get("treeHead");
        byte[] statement = SignedTreeHead.statement(head.get("treeSize").asLong(), head.get("rootHash").asText(),
                head.get("createdAtMillis").asLong());
        assertEquals(head.get("statement").asText(), HEX.formatHex(statement));
        assertEquals(head.get("statement").asText(), HEX.formatHex(new SignedTreeHead(head.get("treeSize").asLong(),
                head.get("rootHash").asText(), head.get("createdAt").asText(), null, null).statement()));
    }

    private static List<String> hashes(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(h -> out.add(h.asText()));
        return out;
    }
}
