package dev.sealgate.verification;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.testsupport.Formats;
import dev.sealgate.verification.blocks.SignatureValidator;
import dev.sealgate.verification.blocks.ValidationPolicies;
import dev.sealgate.verification.gathering.Gatherer;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.gathering.TrustAnchors;

/**
 * SealGate's validator outside Quarkus for tests of signatures that SealGate's CA did not issue:
 * chosen trust anchors, offline (only the revocation data the signatures embed), a fixed validation
 * time, and the policies as the service configures them (the benchmarks use the same policies).
 */
public final class OfflineValidation {

    /** A policy with the configuration defaults of {@link ValidationPolicies.Policy}, and the settings tests vary. */
    public record Policy(String minLevel, Optional<Duration> maxRevocationAge) implements ValidationPolicies.Policy {
        @Override
        public List<String> digestAlgorithms() {
            return List.of("SHA256", "SHA384", "SHA512", "SHA3-256", "SM3");
        }

        @Override
        public int minRsaBits() {
            return 2048;
        }

        @Override
        public int minEcBits() {
            return 256;
        }

        @Override
        public Optional<Duration> caMaxRevocationAge() {
            return Optional.empty();
        }

        @Override
        public List<String> algorithmExpiry() {
            return List.of(ValidationPolicies.ALGORITHM_EXPIRY.split(","));
        }
    }

    /** {@code default} (B-B, freshness not checked) and {@code long-term} (B-LT, signer's data a day old at most), as configured. */
    public static final ValidationPolicies POLICIES = new ValidationPolicies() {
        @Override
        public Map<String, ValidationPolicies.Policy> policies() {
            return Map.of("default", new OfflineValidation.Policy("B-B", Optional.empty()),
                    "long-term", new OfflineValidation.Policy("B-LT", Optional.of(Duration.ofDays(1))));
        }

        @Override
        public Map<String, String> partnerPolicies() {
            return Map.of(LONG_TERM_PARTNER, "long-term");
        }
    };

    /** The partner id judged by {@code long-term}. */
    static final String LONG_TERM_PARTNER = "long-term-partner";

    private OfflineValidation() {
    }

    static DocumentValidator validator(List<X509Certificate> anchors, Instant at) {
        return new DocumentValidator(new SignatureValidator(), gatherer(anchors), Formats.all(), POLICIES, Clock.fixed(at, ZoneOffset.UTC));
    }

    /** What validation gathers, offline (embedded revocation data only), under {@code anchors}. */
    static Gatherer gatherer(List<X509Certificate> anchors) {
        return new Gatherer(TrustAnchors.of(anchors), RevocationSources.standalone(devCa(), true), new NoRegister(), List.of());
    }

    /** SealGate's dev CA, only because revocation sources need one; it issued nothing these tests validate. */
    private static CertificateAuthority devCa;

    private static synchronized CertificateAuthority devCa() {
        if (devCa == null) {
            devCa = loadDevCa();
        }
        return devCa;
    }

    private static CertificateAuthority loadDevCa() {
        return CertificateAuthority.standalone(KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(),
                true), new NoRegister(), "root-ca", "http://localhost:8080");
    }

    /** A register in which nothing was issued. */
    private static final class NoRegister extends CertificateRegister {
        @Override
        public IssuedCertificate find(String serial) {
            return null;
        }

        @Override
        public boolean unrevoked(String serial) {
            return false;
        }

        @Override
        public void add(IssuedCertificate issued) {
            throw new UnsupportedOperationException();
        }
    }
}
