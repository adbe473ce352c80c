package dev.sealgate.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashing and proofs as Certificate Transparency defines them (RFC 9162 §2.1, the same as
 * RFC 6962): SHA-256, a leaf hashed as {@code SHA-256(0x00 || entry)} and a node as
 * {@code SHA-256(0x01 || left || right)} (so a leaf cannot be passed off as a node or the other way
 * round), the left subtree of {@code n} leaves holding the largest power of two below {@code n}, the
 * empty tree's hash {@code SHA-256("")}. Inclusion and consistency proofs are made and checked by
 * the RFC's algorithms, so any implementation of the RFC checks SealGate's proofs.
 *
 * <p>The leaves are given as their hashes ({@link #leafHash}), index 0 first.
 */
public final class MerkleTree {

    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {
    }

    /** The hash of a leaf: {@code SHA-256(0x00 || entry)}. */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update(LEAF);
        return sha.digest(entry);
    }

    /** The hash of an interior node: {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE);
        sha.update(left);
        return sha.digest(right);
    }

    /** The tree head (Merkle tree hash) of the leaves; of no leaves, {@code SHA-256("")}. */
    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? sha256().digest() : hash(leafHashes, 0, leafHashes.size());
    }

    /** The inclusion proof (audit path) of leaf {@code index} in the tree of all {@code leafHashes}. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        return inclusionProof((from, to) -> hash(leafHashes, (int) from, (int) to), index, leafHashes.size());
    }

    /** The consistency proof between the tree of the first {@code first} leaves and the tree of all {@code leafHashes}. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int first) {
        return consistencyProof((from, to) -> hash(leafHashes, (int) from, (int) to), first, leafHashes.size());
    }

    /** The hash of the subtree over leaves {@code [from, to)}, as a tree store or a list of leaves gives it. */
    @FunctionalInterface
    public interface RangeHash {
        byte[] of(long from, long to);
    }

    /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves whose subtree hashes {@code hashes} gives (RFC 9162 PATH). */
    public static List<byte[]> inclusionProof(RangeHash hashes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(hashes, index, 0, size, path);
        return path;
    }

    /** The consistency proof between the trees of {@code first} and {@code second} leaves (RFC 9162 PROOF). */
    public static List<byte[]> consistencyProof(RangeHash hashes, long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no tree of " + first + " leaves within a tree of " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(hashes, first, 0, second, true, proof);
        }
        return proof;
    }

    /** Whether {@code proof} proves leaf {@code index} with hash {@code leafHash} in the tree of {@code size} leaves with head {@code root}. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} proves that the tree of {@code second} leaves with head {@code secondRoot}
     * extends the tree of {@code first} leaves with head {@code firstRoot} (RFC 9162 §2.1.4.2).
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || second < first) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (first == 0) {
            // the empty tree is consistent with every tree; its head is SHA-256("")
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, sha256().digest());
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    /** The size of the left subtree of a tree of {@code n} > 1 leaves: the largest power of two below {@code n}. */
    public static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("a tree of " + n + " leaves is not split");
        }
        return Long.highestOneBit(n - 1);
    }

    static byte[] hash(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = (int) split(n);
        return nodeHash(hash(leaves, from, from + k), hash(leaves, from + k, to));
    }

    private static void path(RangeHash hashes, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(hashes, m, from, from + k, out);
            out.add(hashes.of(from + k, to));
        } else {
            path(hashes, m - k, from + k, to, out);
            out.add(hashes.of(from, from + k));
        }
    }

    private static void subproof(RangeHash hashes, long m, long from, long to, boolean whole, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(hashes.of(from, to));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(hashes, m, from, from + k, whole, out);
            out.add(hashes.of(from + k, to));
        } else {
            subproof(hashes, m - k, from + k, to, false, out);
            out.add(hashes.of(from, from + k));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
