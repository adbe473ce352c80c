package dev.sealgate.audit.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Merkle tree that grows one leaf at a time and keeps the hash of every complete (perfect, aligned)
 * subtree, so that a tree head or a proof for any size reads O(log n) stored hashes instead of every
 * leaf. Where the hashes live is {@link Nodes}' business (memory here; a table for the audit log).
 * Heads and proofs are the same as {@link MerkleTree}'s over the same leaves.
 */
public final class TreeStore {

    /** The stored hashes: level 0 holds the leaves' hashes, level {@code l} the subtrees of {@code 2^l} leaves. */
    public interface Nodes {
        byte[] get(int level, long index);

        void put(int level, long index, byte[] hash);
    }

    private final Nodes nodes;
    private long size;

    /** A tree of {@code size} leaves already in {@code nodes}. */
    public TreeStore(Nodes nodes, long size) {
        this.nodes = nodes;
        this.size = size;
    }

    public long size() {
        return size;
    }

    /** Adds a leaf (its hash) and the hashes of the subtrees it completes; returns its index. */
    public long append(byte[] leafHash) {
        long index = size;
        nodes.put(0, index, leafHash);
        byte[] hash = leafHash;
        long position = index;
        int level = 0;
        // while this node is a right child, its parent is now complete
        while ((position & 1) == 1) {
            hash = MerkleTree.nodeHash(nodes.get(level, position - 1), hash);
            position >>= 1;
            level++;
            nodes.put(level, position, hash);
        }
        size = index + 1;
        return index;
    }

    /** The tree head of the first {@code treeSize} leaves. */
    public byte[] root(long treeSize) {
        check(treeSize);
        return treeSize == 0 ? MerkleTree.root(List.of()) : hash(0, treeSize);
    }

    /** The inclusion proof of leaf {@code index} in the tree of the first {@code treeSize} leaves. */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        check(treeSize);
        return MerkleTree.inclusionProof(this::hash, index, treeSize);
    }

    /** The consistency proof between the trees of the first {@code first} and {@code second} leaves. */
    public List<byte[]> consistencyProof(long first, long second) {
        check(second);
        return MerkleTree.consistencyProof(this::hash, first, second);
    }

    /** The hash of leaves {@code [from, to)}: a stored node when the range is a complete subtree, else split as the RFC splits. */
    byte[] hash(long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1 && from % n == 0) {
            return nodes.get(Long.numberOfTrailingZeros(n), from / n);
        }
        long k = MerkleTree.split(n);
        return MerkleTree.nodeHash(hash(from, from + k), hash(from + k, to));
    }

    private void check(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("the tree has " + size + " leaves, not " + treeSize);
        }
    }

    /** Nodes in memory (tests, and a verifier rebuilding a tree from an export). */
    public static final class InMemory implements Nodes {

        private final List<Map<Long, byte[]>> levels = new ArrayList<>();

        @Override
        public synchronized byte[] get(int level, long index) {
            byte[] hash = level < levels.size() ? levels.get(level).get(index) : null;
            if (hash == null) {
                throw new IllegalStateException("no node " + level + "/" + index);
            }
            return hash;
        }

        @Override
        public synchronized void put(int level, long index, byte[] hash) {
            while (levels.size() <= level) {
                levels.add(new ConcurrentHashMap<>());
            }
            levels.get(level).put(index, hash);
        }
    }
}
