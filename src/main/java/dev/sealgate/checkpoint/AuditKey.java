package dev.sealgate.checkpoint;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.IssuedCertificate;

/**
 * The key that signs audit checkpoints. The PKI store is read-only at run time and its dev copy is
 * published, so the audit key is generated in the writable signers' custody (an HSM in production)
 * and certified by the issuing CA on first use, like a personal key: a checkpoint carries its
 * certificate chain, so verifiers need only the root, and instances with their own stores each
 * sign with their own certified key.
 */
@ApplicationScoped
public class AuditKey {

    private static final Logger LOG = Logger.getLogger(AuditKey.class);

    @Inject
    @Named("signers")
    KeyCustody signers;

    @Inject
    CertificateAuthority ca;

    @ConfigProperty(name = "sealgate.audit.key-alias", defaultValue = "audit-log")
    String alias;

    @ConfigProperty(name = "sealgate.pki.organisation", defaultValue = "O=SealGate Development,C=CN")
    String organisation;

    public synchronized SignerKey current() {
        if (signers.contains(alias)) {
            List<X509Certificate> chain = signers.chain(alias);
            if (usable(chain.get(0))) {
                return new SignerKey(signers, alias, chain, SignatureScheme.forKey(chain.get(0).getPublicKey()));
            }
            signers.delete(alias);
        }
        PublicKey key = signers.generate(alias, KeyAlgorithm.EC_P256);
        X509Certificate cert = ca.issueAuditSeal("CN=SealGate Audit Log," + organisation, key, alias);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.caChain());
        signers.installChain(alias, chain);
        LOG.infof("Issued audit checkpoint certificate %s", CertificateAuthority.hex(cert.getSerialNumber()));
        return new SignerKey(signers, alias, chain, SignatureScheme.forKey(key));
    }

    /** Valid for at least another day, and still good in the CA's register. */
    private static boolean usable(X509Certificate cert) {
        if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return false;
        }
        IssuedCertificate issued = IssuedCertificate.findBySerial(CertificateAuthority.hex(cert.getSerialNumber()));
        return issued != null && !issued.revoked();
    }
}
