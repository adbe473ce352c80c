package dev.sealgate.audit.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tree hashing and proofs against the Certificate Transparency reference vectors (RFC 6962, kept
 * as data in {@code merkle/rfc6962-vectors.json}), then every proof of every tree up to 40 leaves made
 * and checked, and each one altered and refused.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws IOException {
        try (InputStream in = MerkleTreeTest.class.getResourceAsStream("/merkle/rfc6962-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(h -> out.add(HEX.parseHex(h.asText())));
        return out;
    }

    private static List<byte[]> referenceLeaves(JsonNode v) {
        List<byte[]> leaves = new ArrayList<>();
        v.get("leaves").forEach(l -> leaves.add(MerkleTree.leafHash(HEX.parseHex(l.asText()))));
        return leaves;
    }

    @Test
    void treeHeadsAreTheReferenceOnes() throws IOException {
        JsonNode v = vectors();
        List<byte[]> leaves = referenceLeaves(v);
        for (int n = 0; n <= leaves.size(); n++) {
            assertEquals(v.get("roots").get(n).asText(), HEX.formatHex(MerkleTree.root(leaves.subList(0, n))), "tree of " + n);
        }
    }

    @Test
    void proofsAreTheReferenceOnesAndVerify() throws IOException {
        JsonNode v = vectors();
        List<byte[]> leaves = referenceLeaves(v);
        for (JsonNode c : v.get("inclusion")) {
            int index = c.get("index").asInt();
            int size = c.get("size").asInt();
            List<byte[]> tree = leaves.subList(0, size);
            List<byte[]> expected = hashes(c.get("proof"));
            assertEquals(expected.stream().map(HEX::formatHex).toList(),
                    MerkleTree.inclusionProof(tree, index).stream().map(HEX::formatHex).toList());
            assertTrue(MerkleTree.verifyInclusion(leaves.get(index), index, size, expected, HEX.parseHex(v.get("roots").get(size).asText())));
        }
        for (JsonNode c : v.get("consistency")) {
            int first = c.get("first").asInt();
            int second = c.get("second").asInt();
            List<byte[]> expected = hashes(c.get("proof"));
            assertEquals(expected.stream().map(HEX::formatHex).toList(),
                    MerkleTree.consistencyProof(leaves.subList(0, second), first).stream().map(HEX::formatHex).toList());
            assertTrue(MerkleTree.verifyConsistency(first, second, HEX.parseHex(v.get("roots").get(first).asText()),
                    HEX.parseHex(v.get("roots").get(second).asText()), expected));
        }
    }

    @Test
    void aLeafIsNotANode() {
        byte[] a = MerkleTree.leafHash(new byte[] {1});
        byte[] b = MerkleTree.leafHash(new byte[] {2});
        byte[] node = MerkleTree.nodeHash(a, b);
        byte[] concatenated = new byte[64];
        System.arraycopy(a, 0, concatenated, 0, 32);
        System.arraycopy(b, 0, concatenated, 32, 32);
        // the two children's hashes presented as one leaf's entry do not give the node's hash
        assertFalse(java.util.Arrays.equals(node, MerkleTree.leafHash(concatenated)));
    }

    @Test
    void everyProofOfEveryTreeVerifiesAndNoAlteredOneDoes() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        int checked = 0;
        for (int n = 1; n <= leaves.size(); n++) {
            List<byte[]> tree = leaves.subList(0, n);
            byte[] root = MerkleTree.root(tree);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.inclusionProof(tree, i);
                assertTrue(MerkleTree.verifyInclusion(tree.get(i), i, n, path, root), "leaf " + i + " of " + n);
                if (n > 1) {
                    assertFalse(MerkleTree.verifyInclusion(tree.get(i), (i + 1) % n, n, path, root), "another index");
                    assertFalse(MerkleTree.verifyInclusion(tree.get((i + 1) % n), i, n, path, root), "another leaf");
                    // (the size is not bound by the path alone but by the signed tree head, which states size and root together)
                    assertFalse(MerkleTree.verifyInclusion(tree.get(i), i, n, path, MerkleTree.root(leaves.subList(0, n - 1))),
                            "another tree's head");
                    List<byte[]> altered = new ArrayList<>(path);
                    byte[] first = altered.get(0).clone();
                    first[0] ^= 1;
                    altered.set(0, first);
                    assertFalse(MerkleTree.verifyInclusion(tree.get(i), i, n, altered, root), "an altered path");
                    assertFalse(MerkleTree.verifyInclusion(tree.get(i), i, n, path.subList(0, path.size() - 1), root), "a shortened path");
                }
                checked++;
            }
            for (int m = 1; m <= n; m++) {
                byte[] earlier = MerkleTree.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(tree, m);
                assertTrue(MerkleTree.verifyConsistency(m, n, earlier, root, proof), m + " -> " + n);
                if (m < n) {
                    byte[] forged = earlier.clone();
                    forged[31] ^= 1;
                    assertFalse(MerkleTree.verifyConsistency(m, n, forged, root, proof), "a forged earlier head");
                    assertFalse(MerkleTree.verifyConsistency(m, n, earlier, forged, proof), "a forged later head");
                    if (m > 1) {
                        assertFalse(MerkleTree.verifyConsistency(m - 1, n, earlier, root, proof), "another earlier size");
                    }
                }
                checked++;
            }
        }
        assertEquals(40 * 41, checked);
    }
}
