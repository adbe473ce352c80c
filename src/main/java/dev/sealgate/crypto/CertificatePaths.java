package dev.sealgate.crypto;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the certification path from a signer certificate up to one of the trust anchors. */
public final class CertificatePaths {

    private static final int MAX_DEPTH = 8;
    private static final int VERIFIED_ENTRIES = 4096;

    /** Signatures on certificates already checked, most recently used last; bounded. */
    private static final Map<Link, Boolean> VERIFIED = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Link, Boolean> eldest) {
            return size() > VERIFIED_ENTRIES;
        }
    };

    /** The path, signer first and anchor last; empty when no anchor is reached. */
    public record Path(List<X509Certificate> certificates, X509Certificate anchor) {
        public boolean trusted() {
            return anchor != null;
        }
    }

    private CertificatePaths() {
    }

    /**
     * The path from {@code signer} to an anchor through {@code pool}: depth first, backtracking when a branch ends
     * without an anchor (a pool may hold a root's new self-signed certificate and the link certificate the old root
     * issued for the same key: only one of them leads on). A certificate with the name and public key of an anchor is
     * that anchor (RFC 5280 6.1.1 d: a trust anchor is a name and a key). When no anchor is reached, the longest
     * branch found, which reports what is missing.
     */
    public static Path build(X509Certificate signer, Collection<X509Certificate> pool, Collection<X509Certificate> anchors) {
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> longest = new ArrayList<>();
        Path found = search(signer, pool, anchors, path, longest, new int[] {0});
        return found != null ? found : new Path(longest, null);
    }

    /** How many certificates one search may visit: pools are small, a hostile one is bounded. */
    private static final int MAX_VISITS = 64;

    private static Path search(X509Certificate current, Collection<X509Certificate> pool, Collection<X509Certificate> anchors,
            List<X509Certificate> path, List<X509Certificate> longest, int[] visits) {
        if (path.size() >= MAX_DEPTH || path.contains(current) || ++visits[0] > MAX_VISITS) {
            return null;
        }
        path.add(current);
        try {
            if (path.size() > longest.size()) {
                longest.clear();
                longest.addAll(path);
            }
            if (isAnchor(current, anchors)) {
                return new Path(List.copyOf(path), current);
            }
            X509Certificate issuer = issuerOf(current, anchors);
            if (issuer != null) {
                List<X509Certificate> trusted = new ArrayList<>(path);
                trusted.add(issuer);
                return new Path(trusted, issuer);
            }
            for (X509Certificate next : issuersOf(current, pool)) {
                Path found = search(next, pool, anchors, path, longest, visits);
                if (found != null) {
                    return found;
                }
            }
            return null;
        } finally {
            path.remove(path.size() - 1);
        }
    }

    /** Whether {@code cert} is an anchor, or carries an anchor's name and public key. */
    private static boolean isAnchor(X509Certificate cert, Collection<X509Certificate> anchors) {
        if (anchors.contains(cert)) {
            return true;
        }
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(cert.getSubjectX500Principal()) && anchor.getPublicKey().equals(cert.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    /** Every certificate in {@code candidates} that issued {@code cert} (its subject is the issuer name, its key verifies). */
    private static List<X509Certificate> issuersOf(X509Certificate cert, Collection<X509Certificate> candidates) {
        List<X509Certificate> out = new ArrayList<>();
        for (X509Certificate candidate : candidates) {
            if (candidate.equals(cert)) {
                continue;
            }
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && verifies(cert, candidate)) {
                out.add(candidate);
            }
        }
        return out;
    }

    /** The certificate in {@code candidates} whose subject is {@code cert}'s issuer and whose key verifies it. */
    public static X509Certificate issuerOf(X509Certificate cert, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.equals(cert) && !selfIssued(cert)) {
                continue;
            }
            if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && verifies(cert, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static boolean selfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        Link link = new Link(cert, issuer.getPublicKey());
        synchronized (VERIFIED) {
            if (VERIFIED.containsKey(link)) {
                return true;
            }
        }
        try {
            cert.verify(issuer.getPublicKey(), CryptoProviders.bc());
        } catch (Exception e) {
            return false;
        }
        synchronized (VERIFIED) {
            VERIFIED.put(link, Boolean.TRUE);
        }
        return true;
    }

    /** A certificate and the key whose signature on it verified: the same bytes verify the same way every time. */
    private record Link(X509Certificate cert, PublicKey issuerKey) {
    }
}
