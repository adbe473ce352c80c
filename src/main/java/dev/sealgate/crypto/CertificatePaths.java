package dev.sealgate.crypto;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds the certification path from a signer certificate up to one of the trust anchors. */
public final class CertificatePaths {

    private static final int MAX_DEPTH = 8;

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
        try {
            cert.verify(issuer.getPublicKey(), CryptoProviders.bc());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
