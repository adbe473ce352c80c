package dev.sealgate.checkpoint;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.sealgate.crypto.AuditLogIdentity;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertifiedKeys;
import dev.sealgate.support.PkiSettings;

/**
 * The key that signs audit checkpoints. The PKI store is read-only at run time and its dev copy is
 * published, so the audit key is generated in the writable signers' custody (an HSM in production)
 * and certified by the issuing CA on first use, like a personal key: a checkpoint carries its
 * certificate chain, so verifiers need only the root, and instances with their own stores each
 * sign with their own certified key.
 */
@ApplicationScoped
public class AuditKey {

    @Inject
    @Named("signers")
    KeyCustody signers;

    @Inject
    CertificateAuthority ca;

    @Inject
    CertifiedKeys keys;

    @ConfigProperty(name = "sealgate.audit.key-alias", defaultValue = "audit-log")
    String alias;

    @Inject
    PkiSettings pkiSettings;

    public synchronized SignerKey current() {
        return keys.certifiedOnFirstUse(signers, alias, KeyAlgorithm.EC_P256,
                key -> ca.issueAuditSeal("CN=SealGate Audit Log," + pkiSettings.organisation(), key, alias), SignatureScheme::forKey,
                // a key certified before the log had an identity of its own is replaced; heads it signed stay verifiable
                AuditLogIdentity::certifiedForTheLog);
    }
}
