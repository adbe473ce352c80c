package dev.sealgate.signing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.formats.SigningServices;
import dev.sealgate.formats.Spool;
import dev.sealgate.formats.ValidationData;
import dev.sealgate.formats.ValidationNeeds;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.gathering.TrustAnchors;

/**
 * The service's part in making and extending signatures, handed to the format plug-ins: SealGate's time-stamp unit,
 * validation data from its own CA (signing) or from where verification takes it (extension), and spools that share one
 * memory budget.
 */
@ApplicationScoped
public class FormatServices implements SigningServices {

    @Inject
    CertificateAuthority ca;

    @Inject
    SigningSettings limits;

    @Inject
    RevocationSources revocations;

    @Inject
    TrustAnchors anchors;

    private Spool.Budget budget;

    /** {@link SigningSettings#workDir}, or a benchmark's directory. */
    private Path workDir;

    private volatile boolean workDirReady;

    FormatServices() {
    }

    @PostConstruct
    void createBudget() {
        budget = new Spool.Budget(limits.inMemoryTotal().asLongValue());
        if (workDir == null) {
            workDir = limits.workDir();
        }
    }

    /** Outside CDI (benchmarks): signing only (no extension), with the size limits' defaults ({@link SigningSettings#defaults}). */
    static FormatServices standalone(CertificateAuthority ca, Path workDir) {
        FormatServices services = new FormatServices();
        services.ca = ca;
        services.workDir = workDir;
        services.limits = SigningSettings.defaults();
        services.createBudget();
        return services;
    }

    @Override
    public TimeStampSource timeStamps() {
        return ca::timestamp;
    }

    @Override
    public List<X509Certificate> tsaChain() {
        return ca.tsaChain();
    }

    @Override
    public SigningSettings limits() {
        return limits;
    }

    /** Bytes of the in-memory budget not held by any request (for tests and diagnostics). */
    long memoryAvailable() {
        return budget.available();
    }

    private void workDirReady() throws IOException {
        if (!workDirReady) {
            // once: createDirectories on an existing directory costs a failed mkdir and an exception per call
            Files.createDirectories(workDir);
            workDirReady = true;
        }
    }

    private int memoryLimit() {
        return (int) Math.min(Integer.MAX_VALUE - 16, limits.inMemoryLimit().asLongValue());
    }

    @Override
    public Spool newSpool() throws IOException {
        workDirReady();
        return new Spool(workDir, memoryLimit(), budget);
    }

    @Override
    public Read read(InputStream body, ASN1ObjectIdentifier digestAlgorithm, boolean keep, long limit, int inMemory,
            Supplier<ProblemException> tooLarge) throws IOException {
        workDirReady();
        Spool document = keep ? new Spool(workDir, inMemory > 0 ? inMemory : memoryLimit(), budget) : null;
        try {
            DocumentDigest digest;
            try (InputStream in = new BufferedInputStream(body, 64 * 1024); OutputStream copy = document) {
                digest = DocumentDigest.of(in, digestAlgorithm, copy, limit);
            } catch (DocumentDigest.DocumentTooLargeException e) {
                throw tooLarge != null ? tooLarge.get() : new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The document exceeds the configured maximum of " + limits.maxDocumentSize().asLongValue() + " bytes.");
            }
            if (digest.size() == 0) {
                throw new ProblemException(ProblemType.EMPTY_DOCUMENT, "The request body is empty: send the document to sign.");
            }
            return new Read(document, digest, Instant.now());
        } catch (IOException | RuntimeException e) {
            if (document != null) {
                document.discard();
            }
            throw e;
        }
    }

    @Override
    public byte[] readBounded(Path signed) throws IOException {
        if (Files.size(signed) > limits.maxCmsExtensionSize().asLongValue()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Signatures are extended in memory up to "
                    + limits.maxCmsExtensionSize().asLongValue() + " bytes; this one is larger (an enveloping signature of a large document).");
        }
        return Files.readAllBytes(signed);
    }

    @Override
    public ValidationData validationData(SignerKey key) {
        Set<X509Certificate> distinct = new LinkedHashSet<>(key.chain());
        distinct.addAll(ca.tsaChain());
        distinct.addAll(ca.caChain());
        List<X509Certificate> certificates = List.copyOf(distinct);
        List<byte[]> ocsp = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        for (X509Certificate cert : certificates) {
            X509Certificate issuer = CertificatePaths.issuerOf(cert, certificates);
            CertificateAuthority.OwnRevocation own = issuer == null || cert.equals(issuer) ? null : ca.ownRevocation(cert, issuer);
            if (own != null && own.ocsp()) {
                ocsp.add(own.encoded());
            } else if (own != null && crls.isEmpty()) {
                crls.add(CertificateUrls.parseCrl(own.encoded()));
            }
        }
        return new ValidationData(certificates, crls, ocsp);
    }

    @Override
    public ValidationData prove(ValidationNeeds found) {
        Set<X509Certificate> pool = new LinkedHashSet<>(found.certificates());
        pool.addAll(ca.tsaChain());
        pool.addAll(ca.caChain());
        Set<X509Certificate> subjects = new LinkedHashSet<>(found.subjects());
        // the time-stamp about to be added is SealGate's: its unit's validation data goes in with the rest
        subjects.add(ca.tsaChain().get(0));
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        List<X509CRL> crls = new ArrayList<>();
        List<byte[]> ocsp = new ArrayList<>();
        for (X509Certificate subject : subjects) {
            CertificatePaths.Path path = CertificatePaths.build(subject, pool, anchors.all());
            if (!path.trusted()) {
                throw new ProblemException(ProblemType.VALIDATION_DATA_UNAVAILABLE, "No path from '"
                        + subject.getSubjectX500Principal().getName() + "' to a trust anchor: its validation data cannot be added.");
            }
            List<X509Certificate> chain = path.certificates();
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate certificate = chain.get(i);
                certificates.add(certificate);
                if (certificate.equals(path.anchor()) || RevocationEvidence.noCheck(certificate)) {
                    continue;
                }
                RevocationSources.Found evidence = revocations.find(certificate, chain.subList(i + 1, chain.size()), found.ocspResponses(),
                        found.crls()).filter(f -> f.encoded() != null)
                        .orElseThrow(() -> new ProblemException(ProblemType.VALIDATION_DATA_UNAVAILABLE, "No revocation data for '"
                                + certificate.getSubjectX500Principal().getName() + "' could be obtained"
                                + (revocations.offline() ? " (verification is offline: only embedded data is used)" : "")
                                + "; the signature was not extended."));
                if (evidence.ocsp()) {
                    if (ocsp.stream().noneMatch(o -> Arrays.equals(o, evidence.encoded()))) {
                        ocsp.add(evidence.encoded());
                    }
                } else {
                    X509CRL crl = CertificateUrls.parseCrl(evidence.encoded());
                    if (!crls.contains(crl)) {
                        crls.add(crl);
                    }
                }
            }
        }
        return new ValidationData(List.copyOf(certificates), crls, ocsp);
    }
}
