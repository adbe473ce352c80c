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

    public static Path build(X509Certificate signer, Collection<X509Certificate> pool, Collection<X509Certificate> anchors) {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = signer;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            path.add(current);
            if (anchors.contains(current)) {
                return new Path(path, current);
            }
            X509Certificate issuer = issuerOf(current, anchors);
            if (issuer != null) {
                path.add(issuer);
                return new Path(path, issuer);
            }
            X509Certificate next = issuerOf(current, pool);
            if (next == null || path.contains(next)) {
                break;
            }
            current = next;
        }
        return new Path(path, null);
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
