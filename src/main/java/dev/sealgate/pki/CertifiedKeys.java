package dev.sealgate.pki;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one rule for keys the issuing CA certifies on first use (personal keys, the audit checkpoint
 * key): the key under an alias is reused while its certificate is valid for at least another day and
 * the CA's register holds it unrevoked; otherwise a new key is generated in the same custody,
 * certified, and installed with the CA chain.
 */
@ApplicationScoped
public class CertifiedKeys {

    private static final Logger LOG = Logger.getLogger(CertifiedKeys.class);

    @Inject
    CertificateAuthority ca;

    @Inject
    CertificateRegister register;

    /**
     * @param issue  has the CA certify a new public key (and enter it in the register)
     * @param scheme the signature scheme for a key
     */
    public SignerKey certifiedOnFirstUse(KeyCustody custody, String alias, KeyAlgorithm algorithm,
            Function<PublicKey, X509Certificate> issue, Function<PublicKey, SignatureScheme> scheme) {
        if (custody.contains(alias)) {
            List<X509Certificate> chain = custody.chain(alias);
            if (usable(chain.get(0))) {
                return new SignerKey(custody, alias, chain, scheme.apply(chain.get(0).getPublicKey()));
            }
            custody.delete(alias);
        }
        PublicKey key = custody.generate(alias, algorithm);
        // committed at once, like the key itself: a second caller must find the certificate in the
        // register, or it would judge the key unusable and replace it while the first one signs
        X509Certificate cert = QuarkusTransaction.requiringNew().call(() -> issue.apply(key));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.caChain());
        custody.installChain(alias, chain);
        LOG.infof("Issued certificate %s for key %s (%s)", CertificateAuthority.hex(cert.getSerialNumber()),
                alias.startsWith("personal-") ? "personal-…" : alias, algorithm);
        return new SignerKey(custody, alias, chain, scheme.apply(key));
    }

    /** Valid for at least another day, and still good in the CA's register. */
    private boolean usable(X509Certificate cert) {
        if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return false;
        }
        IssuedCertificate issued = register.find(CertificateAuthority.hex(cert.getSerialNumber()));
        return issued != null && !issued.revoked();
    }
}
