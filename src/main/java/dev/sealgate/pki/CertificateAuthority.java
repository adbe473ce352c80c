package dev.sealgate.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.transaction.Transactional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.sealgate.crypto.AuditLogIdentity;
import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.CrlBuilder;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.OcspResponses;
import dev.sealgate.crypto.ParsedCertificates;
import dev.sealgate.crypto.TimeStamps;
import dev.sealgate.support.PkiSettings;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * SealGate's certification authority: issues civil servants' signing certificates from the issuing
 * CA, keeps the register of what it issued, and answers for it with a CRL, OCSP and time-stamps.
 */
@ApplicationScoped
public class CertificateAuthority {

    private static final Logger LOG = Logger.getLogger(CertificateAuthority.class);
    private static final SecureRandom SERIALS = new SecureRandom();
    private static final String TSA_POLICY = "2.25.158028238787152930755166305437803493306";

    @Inject
    @Named("pki")
    KeyCustody pki;

    @Inject
    CertificateRegister register;

    @Inject
    Event<CertificateRevoked> revocations;

    @Inject
    PkiSettings settings;

    private String issuingAlias;
    private String tsaAlias;
    private String ocspAlias;
    private String publicUrl;
    /** The offline root's published CRL (production); unused when the root key is at hand (dev, tests). */
    private Optional<Path> rootCrlFile;
    /**
     * The alias of the root CA's own key in the PKI key store. Set only where that key is present (the
     * dev PKI): the root CRL is then issued by SealGate itself, at start and whenever half its validity
     * has passed, so that it is current on any day. A production root stays offline and its CRL comes
     * from {@code sealgate.pki.root-crl}.
     */
    private Optional<String> rootAlias;
    private Duration rootCrlValidity;
    private Duration crlValidity;
    private Duration ocspValidity;
    private Duration personalValidity;

    /** The root CRL issued here, with the time after which it is re-issued. */
    private record IssuedRootCrl(byte[] der, Instant renewAfter) {
    }

    private volatile IssuedRootCrl issuedRootCrl;

    @ConfigProperty(name = "sealgate.tsa.policy-oid", defaultValue = TSA_POLICY)
    String tsaPolicy;

    CertificateAuthority() {
    }

    @jakarta.annotation.PostConstruct
    void configure() {
        issuingAlias = settings.issuingCaAlias();
        tsaAlias = settings.tsaAlias();
        ocspAlias = settings.ocspAlias();
        publicUrl = settings.publicUrl();
        rootCrlFile = settings.rootCrl();
        rootAlias = settings.rootCaAlias();
        rootCrlValidity = settings.rootCrlValidity();
        crlValidity = settings.crlValidity();
        ocspValidity = settings.ocspValidity();
        personalValidity = settings.personalCertificateValidity();
    }

    /**
     * A CA outside CDI (benchmarks) over a key store holding the dev PKI's aliases and a register, with
     * the configuration defaults. It issues and answers; revoking needs the CDI bean (the event).
     */
    public static CertificateAuthority standalone(KeyCustody pki, CertificateRegister register, String rootAlias, String publicUrl) {
        CertificateAuthority ca = new CertificateAuthority();
        ca.pki = pki;
        ca.register = register;
        ca.settings = PkiSettings.of(java.util.Map.of("sealgate.pki.root-ca-alias", rootAlias, "sealgate.pki.public-url", publicUrl));
        ca.configure();
        ca.tsaPolicy = TSA_POLICY;
        return ca;
    }

    /** Registers the certificates the dev PKI generator (or an HSM ceremony) issued outside SealGate. */
    @Transactional
    void registerStoreCertificates(@Observes StartupEvent start) {
        for (String alias : pki.aliases()) {
            IssuedCertificate.Kind kind = alias.equals(tsaAlias) ? IssuedCertificate.Kind.TSA
                    : alias.equals(ocspAlias) ? IssuedCertificate.Kind.OCSP
                    : alias.startsWith("seal-") ? IssuedCertificate.Kind.SEAL : null;
            if (kind == null) {
                continue;
            }
            X509Certificate cert = pki.chain(alias).get(0);
            if (register.find(hex(cert.getSerialNumber())) == null && issuedByUs(cert)) {
                record(cert, kind, alias, null, kind == IssuedCertificate.Kind.SEAL ? alias.substring(5) : null);
            }
        }
        rootAlias.ifPresent(alias -> issueRootCrl(alias));
        LOG.infof("CA ready: %s, issuing CA %s", pki.describe(), issuingCa().getSubjectX500Principal().getName());
    }

    public X509Certificate issuingCa() {
        return pki.chain(issuingAlias).get(0);
    }

    /** Issuing CA first, then the root. */
    public List<X509Certificate> caChain() {
        return pki.chain(issuingAlias);
    }

    /** The TSA certificate, then its CA chain. */
    public List<X509Certificate> tsaChain() {
        return pki.chain(tsaAlias);
    }

    public X509Certificate root() {
        List<X509Certificate> chain = caChain();
        return chain.get(chain.size() - 1);
    }

    /** Issues a document-signing certificate for a key generated in the signers' store, and records it. */
    @Transactional
    public X509Certificate issuePersonal(String subjectDn, PublicKey key, String keycloakSubject, String department,
            String keyAlias) {
        return issueDocumentSigning(subjectDn, key, IssuedCertificate.Kind.PERSONAL, keyAlias, keycloakSubject, department);
    }

    /** Issues a department's seal certificate for a key generated in the signers' store (an SM2 seal for OFD), and records it. */
    @Transactional
    public X509Certificate issueSeal(String subjectDn, PublicKey key, String department, String keyAlias) {
        return issueDocumentSigning(subjectDn, key, IssuedCertificate.Kind.SEAL, keyAlias, null, department);
    }

    /** Issues the certificate of the seal maker (制章者), whose key signs the departments' electronic seals, and records it. */
    @Transactional
    public X509Certificate issueSealMaker(String subjectDn, PublicKey key, String keyAlias) {
        return issueDocumentSigning(subjectDn, key, IssuedCertificate.Kind.SEAL_MAKER, keyAlias, null, null);
    }

    /**
     * Issues the certificate of the audit log's key, and records it: certified for the log only
     * ({@link AuditLogIdentity#LOG_SIGNING}), never for documents.
     */
    @Transactional
    public X509Certificate issueAuditSeal(String subjectDn, PublicKey key, String keyAlias) {
        return issue(subjectDn, key, IssuedCertificate.Kind.AUDIT, CertificatePurpose.AUDIT_LOG, keyAlias, null, null);
    }

    private X509Certificate issueDocumentSigning(String subjectDn, PublicKey key, IssuedCertificate.Kind kind, String keyAlias,
            String keycloakSubject, String department) {
        return issue(subjectDn, key, kind, CertificatePurpose.DOCUMENT_SIGNING, keyAlias, keycloakSubject, department);
    }

    private X509Certificate issue(String subjectDn, PublicKey key, IssuedCertificate.Kind kind, CertificatePurpose purpose,
            String keyAlias, String keycloakSubject, String department) {
        Instant now = Instant.now();
        CertificateTemplate template = new CertificateTemplate(subjectDn, new BigInteger(127, SERIALS).add(BigInteger.ONE),
                now.minus(Duration.ofMinutes(5)), now.plus(personalValidity), purpose,
                publicUrl + "/pki/crl", publicUrl + "/pki/ocsp", publicUrl + "/pki/ca");
        X509Certificate cert = CertificateBuilder.issue(template, key, issuingCa(), pki, issuingAlias);
        record(cert, kind, keyAlias, keycloakSubject, department);
        return cert;
    }

    /**
     * Every certificate issued for the audit log's key, the current one and those before it (keys
     * certified before the log had an identity of its own among them): the log keys the gateway pins,
     * and publishes for verifiers to pin.
     */
    @Transactional
    public List<X509Certificate> auditLogCertificates() {
        List<X509Certificate> out = new java.util.ArrayList<>();
        for (IssuedCertificate issued : IssuedCertificate.<IssuedCertificate>list("kind = ?1 order by notBefore", IssuedCertificate.Kind.AUDIT)) {
            try {
                out.add(ParsedCertificates.of(Base64.getDecoder().decode(issued.der)));
            } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
                LOG.warnf("The register's audit certificate %s cannot be read", issued.serial);
            }
        }
        return out;
    }

    /** Whether the certificate with this serial is revoked already (false when unknown). */
    @Transactional
    public boolean isRevoked(String serial) {
        IssuedCertificate issued = register.find(normalise(serial));
        return issued != null && issued.revoked();
    }

    /** Revokes a certificate; revoking it again keeps the first time and reason. */
    @Transactional
    public IssuedCertificate revoke(String serial, RevocationReason reason, String by) {
        IssuedCertificate issued = register.find(normalise(serial));
        if (issued == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No certificate with that serial number was issued here.");
        }
        if (!issued.revoked()) {
            issued.revokedAt = Instant.now();
            issued.revocationReason = reason.code();
            issued.revokedBy = by;
            LOG.infof("Certificate %s revoked (%s)", issued.serial, reason.label());
            revocations.fire(new CertificateRevoked(issued.serial));
        }
        return issued;
    }

    @Transactional
    public CertificateStatus status(BigInteger serial) {
        IssuedCertificate issued = register.find(hex(serial));
        if (issued == null) {
            return CertificateStatus.UNKNOWN;
        }
        return issued.revoked() ? CertificateStatus.revoked(issued.revokedAt, issued.revocationReason) : CertificateStatus.GOOD;
    }

    /** A fresh CRL of the issuing CA; its number grows with time so that every CRL supersedes the last. */
    @Transactional
    public byte[] crl() {
        List<CrlBuilder.Revoked> revoked = new ArrayList<>();
        for (IssuedCertificate issued : IssuedCertificate.findRevoked()) {
            revoked.add(new CrlBuilder.Revoked(new BigInteger(issued.serial, 16), issued.revokedAt,
                    issued.revocationReason == null ? 0 : issued.revocationReason));
        }
        Instant now = Instant.now();
        try {
            return CrlBuilder.build(issuingCa(), pki, issuingAlias, revoked, now, now.plus(crlValidity),
                    BigInteger.valueOf(now.toEpochMilli())).getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The root's CRL (it covers the issuing CA): issued here from the root key when that key is in the
     * store ({@code sealgate.pki.root-ca-alias}), otherwise the offline root's published file.
     */
    public byte[] rootCrl() {
        if (rootAlias.isPresent()) {
            IssuedRootCrl current = issuedRootCrl;
            if (current == null || !Instant.now().isBefore(current.renewAfter())) {
                current = issueRootCrl(rootAlias.get());
            }
            return current.der();
        }
        Path file = rootCrlFile.orElseThrow(() -> new IllegalStateException(
                "Neither sealgate.pki.root-crl nor sealgate.pki.root-ca-alias is configured"));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized IssuedRootCrl issueRootCrl(String alias) {
        IssuedRootCrl current = issuedRootCrl;
        Instant now = Instant.now();
        if (current != null && now.isBefore(current.renewAfter())) {
            return current;
        }
        X509Certificate root = root();
        try {
            byte[] der = CrlBuilder.build(root, pki, alias, List.of(), now.minus(Duration.ofMinutes(5)), now.plus(rootCrlValidity),
                    BigInteger.valueOf(now.toEpochMilli())).getEncoded();
            issuedRootCrl = new IssuedRootCrl(der, now.plus(rootCrlValidity.dividedBy(2)));
            LOG.infof("Root CRL issued from the root key in the store, valid for %s", rootCrlValidity);
            return issuedRootCrl;
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] ocsp(byte[] request) {
        return OcspResponses.respond(request, issuingCa(), pki.chain(ocspAlias), pki, ocspAlias, this::status, ocspValidity);
    }

    public byte[] timestamp(byte[] request) {
        return TimeStamps.respond(request, pki.chain(tsaAlias), pki, tsaAlias, new ASN1ObjectIdentifier(tsaPolicy));
    }

    private boolean issuedByUs(X509Certificate cert) {
        return cert.getIssuerX500Principal().equals(issuingCa().getSubjectX500Principal());
    }

    private void record(X509Certificate cert, IssuedCertificate.Kind kind, String alias, String keycloakSubject,
            String department) {
        IssuedCertificate issued = new IssuedCertificate();
        issued.serial = hex(cert.getSerialNumber());
        issued.subjectDn = cert.getSubjectX500Principal().getName();
        issued.kind = kind;
        issued.keyAlias = alias;
        issued.keycloakSubject = keycloakSubject;
        issued.department = department;
        issued.notBefore = cert.getNotBefore().toInstant();
        issued.notAfter = cert.getNotAfter().toInstant();
        try {
            issued.der = Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        register.add(issued);
    }

    /** SealGate's own revocation data for a certificate: an OCSP response (DER) or the root's CRL (DER). */
    public record OwnRevocation(byte[] encoded, boolean ocsp) {
    }

    /**
     * What SealGate's own PKI says about {@code cert}: the OCSP responder's answer when the issuing CA
     * issued it, the root CRL when the root did; null when {@code issuer} is neither (another CA).
     */
    public OwnRevocation ownRevocation(X509Certificate cert, X509Certificate issuer) {
        if (issuer.equals(issuingCa())) {
            return new OwnRevocation(ocsp(OcspResponses.requestFor(cert, issuer)), true);
        }
        if (issuer.equals(root())) {
            return new OwnRevocation(rootCrl(), false);
        }
        return null;
    }

    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    static String normalise(String serial) {
        String s = serial == null ? "" : serial.trim().toLowerCase().replace(":", "");
        if (!s.matches("[0-9a-f]{1,64}")) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "A serial number is hexadecimal (colons allowed).");
        }
        return new BigInteger(s, 16).toString(16);
    }
}
