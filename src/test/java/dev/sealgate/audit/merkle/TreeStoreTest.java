package dev.sealgate.audit.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The growing tree's heads and proofs, for every size up to 130, are those of the tree made from all leaves at once. */
class TreeStoreTest {

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }

    @Test
    void headsAndProofsAtEverySizeAreTheWholeTreesOnes() {
        TreeStore tree = new TreeStore(new TreeStore.InMemory(), 0);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            byte[] leaf = MerkleTree.leafHash(("entry " + i).getBytes());
            assertEquals(i, tree.append(leaf));
            leaves.add(leaf);
        }
        assertArrayEquals(MerkleTree.root(List.of()), tree.root(0));
        for (int n = 1; n <= leaves.size(); n++) {
            List<byte[]> whole = leaves.subList(0, n);
            byte[] root = MerkleTree.root(whole);
            assertArrayEquals(root, tree.root(n), "head of " + n);
            for (int i = 0; i < n; i += Math.max(1, n / 7)) {
                assertEquals(hex(MerkleTree.inclusionProof(whole, i)), hex(tree.inclusionProof(i, n)), "leaf " + i + " of " + n);
                assertTrue(MerkleTree.verifyInclusion(leaves.get(i), i, n, tree.inclusionProof(i, n), root));
            }
            for (int m = 1; m <= n; m += Math.max(1, n / 5)) {
                assertEquals(hex(MerkleTree.consistencyProof(whole, m)), hex(tree.consistencyProof(m, n)), m + " -> " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> tree.root(131));
    }

    /** A proof reads a logarithmic number of stored hashes, not the leaves. */
    @Test
    void aProofReadsFewStoredHashes() {
        AtomicLong reads = new AtomicLong();
        TreeStore.InMemory memory = new TreeStore.InMemory();
        TreeStore.Nodes counting = new TreeStore.Nodes() {
            @Override
            public byte[] get(int level, long index) {
                reads.incrementAndGet();
                return memory.get(level, index);
            }

            @Override
            public void put(int level, long index, byte[] hash) {
                memory.put(level, index, hash);
            }
        };
        TreeStore tree = new TreeStore(counting, 0);
        for (int i = 0; i < 100_000; i++) {
            tree.append(MerkleTree.leafHash(Integer.toString(i).getBytes()));
        }
        reads.set(0);
        byte[] root = tree.root(99_999);
        List<byte[]> proof = tree.inclusionProof(31_337, 99_999);
        assertTrue(MerkleTree.verifyInclusion(MerkleTree.leafHash("31337".getBytes()), 31_337, 99_999, proof, root));
        assertTrue(reads.get() < 200, reads.get() + " stored hashes read for a head and a proof in a tree of 99 999");
    }
}
