package dev.sealgate.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.sealgate.audit.merkle.MerkleTree;

/**
 * Recomputes the audit tree entry by entry, in sequence order, holding only the right edge of the
 * tree (O(log n) hashes): the same walk for the gateway's verification and the offline verifier.
 * For each entry: no gap before it, a chained (version 1) entry's link, its leaf hash from its
 * fields against the stored one, and every complete subtree of two leaves or more it closes against
 * the stored tree (when one is given). Tree
 * heads are checked when the walk has reached their size. The first break stops the walk.
 */
public final class TreeWalk {

    /** The stored hash of a complete subtree, lower-case hex, or null when none is stored. */
    @FunctionalInterface
    public interface StoredNodes {
        String get(int level, long index);
    }

    private record Subtree(int level, long index, byte[] hash) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final StoredNodes stored;
    private final ChainWalk chain = new ChainWalk();
    private final List<Subtree> edge = new ArrayList<>();
    private long size;
    private boolean treeEntriesSeen;

    /** {@code stored} null: the stored tree is not compared (an export without it). */
    public TreeWalk(StoredNodes stored) {
        this.stored = stored;
    }

    /** Null while the log holds; the break at this entry otherwise. */
    public ChainBreak next(LoggedEntry entry) {
        long expected = size + 1;
        if (entry.seq() == null || entry.seq() != expected) {
            return new ChainBreak(expected, ChainBreak.Reason.MISSING_ENTRY,
                    "entry " + expected + " is missing (the next one found is " + entry.seq() + ")");
        }
        if (entry.version() == 1) {
            if (treeEntriesSeen) {
                return new ChainBreak(expected, ChainBreak.Reason.BROKEN_LINK, "a chained entry follows entries of the tree");
            }
            ChainBreak broken = chain.next(entry.chained());
            if (broken != null) {
                return broken;
            }
        } else {
            treeEntriesSeen = true;
        }
        String leaf = entry.computeLeafHash();
        if (!leaf.equals(entry.leafHash())) {
            return new ChainBreak(expected, ChainBreak.Reason.HASH_MISMATCH, "its content does not match its leaf hash");
        }
        byte[] hash = HEX.parseHex(leaf);
        Subtree node = new Subtree(0, size, hash);
        ChainBreak broken = compare(node, expected);
        while (broken == null && !edge.isEmpty() && edge.get(edge.size() - 1).level() == node.level()) {
            Subtree left = edge.remove(edge.size() - 1);
            node = new Subtree(node.level() + 1, left.index() >> 1, MerkleTree.nodeHash(left.hash(), node.hash()));
            broken = compare(node, expected);
        }
        if (broken != null) {
            return broken;
        }
        edge.add(node);
        size = expected;
        return null;
    }

    /** Subtrees of two leaves and more: a leaf's stored hash is the entry's own, checked against its fields. */
    private ChainBreak compare(Subtree node, long seq) {
        if (stored == null || node.level() == 0) {
            return null;
        }
        String hash = stored.get(node.level(), node.index());
        if (hash == null || !MessageDigest.isEqual(HEX.parseHex(hash), node.hash())) {
            return new ChainBreak(seq, ChainBreak.Reason.TREE_MISMATCH, "the stored tree's subtree of leaves "
                    + (node.index() << node.level()) + "-" + (((node.index() + 1) << node.level()) - 1)
                    + (hash == null ? " is missing" : " does not hash the entries that are there"));
        }
        return null;
    }

    /** The head (Merkle tree hash) of the entries walked so far. */
    public byte[] root() {
        if (edge.isEmpty()) {
            return MerkleTree.root(List.of());
        }
        byte[] root = edge.get(edge.size() - 1).hash();
        for (int i = edge.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(edge.get(i).hash(), root);
        }
        return root;
    }

    /**
     * A signed tree head of the walk's current size: {@code sealProblem} is what checking its
     * signature and time-stamp found (null: they verify).
     */
    public ChainBreak head(long treeSize, String rootHash, String sealProblem) {
        if (treeSize != size) {
            throw new IllegalStateException("the walk is at " + size + ", not " + treeSize);
        }
        if (sealProblem != null) {
            return new ChainBreak(treeSize, ChainBreak.Reason.CHECKPOINT_SIGNATURE, "tree head of " + treeSize + ": " + sealProblem);
        }
        if (!HEX.formatHex(root()).equals(rootHash)) {
            return new ChainBreak(treeSize, ChainBreak.Reason.CHECKPOINT_MISMATCH,
                    "the signed tree head of " + treeSize + " entries names another root than the entries have");
        }
        return null;
    }

    /** After the last entry: whether the log is as long as the sequencer's recorded size and every signed head. */
    public ChainBreak end(long recordedSize, long largestHead) {
        long expected = Math.max(recordedSize, largestHead);
        if (size < expected) {
            return new ChainBreak(size + 1, ChainBreak.Reason.MISSING_ENTRY, (largestHead > recordedSize ? "a signed tree head"
                    : "the sequencer") + " names " + expected + " entries but the log ends at " + size);
        }
        if (size > recordedSize) {
            return new ChainBreak(size, ChainBreak.Reason.HEAD_MISMATCH,
                    "the log has " + size + " sequenced entries but the sequencer recorded " + recordedSize);
        }
        return null;
    }

    /** The walk over the chained (version 1) entries met so far: their links and count. */
    public ChainWalk chain() {
        return chain;
    }

    public long size() {
        return size;
    }

    public String rootHex() {
        return HEX.formatHex(root());
    }
}
