package dev.sealgate.pki;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.sealgate.crypto.CryptoException;
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

    /** One lock per alias, taken only to make or replace its key. */
    private final ConcurrentHashMap<String, Object> replacing = new ConcurrentHashMap<>();

    /**
     * The key under {@code alias}, made and certified first when there is none that may be used.
     * Using a usable key (every signature but a signer's first after a revocation or expiry) takes no
     * lock: the register is read by each caller at once. Making or replacing one is done by one
     * caller at a time per alias; the others wait and then use the key it made.
     *
     * @param issue  has the CA certify a new public key (and enter it in the register)
     * @param scheme the signature scheme for a key
     */
    public SignerKey certifiedOnFirstUse(KeyCustody custody, String alias, KeyAlgorithm algorithm,
            Function<PublicKey, X509Certificate> issue, Function<PublicKey, SignatureScheme> scheme) {
        return certifiedOnFirstUse(custody, alias, algorithm, issue, scheme, certificate -> true);
    }

    /** As above; a key whose certificate does not {@code fit} (certified for another purpose before) is replaced too. */
    public SignerKey certifiedOnFirstUse(KeyCustody custody, String alias, KeyAlgorithm algorithm,
            Function<PublicKey, X509Certificate> issue, Function<PublicKey, SignatureScheme> scheme,
            java.util.function.Predicate<X509Certificate> fit) {
        SignerKey usable = ifUsable(custody, alias, scheme, fit);
        if (usable != null) {
            return usable;
        }
        synchronized (replacing.computeIfAbsent(alias, a -> new Object())) {
            // another caller may have made it while this one waited
            usable = ifUsable(custody, alias, scheme, fit);
            if (usable != null) {
                return usable;
            }
            if (custody.contains(alias)) {
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
    }

    /**
     * The key under {@code alias} if it may be used as it is, else null. A key being replaced meanwhile
     * shows either its old chain, then judged as before, or the new key's provisional certificate,
     * which the register does not hold: unusable, so the caller waits for the replacement.
     */
    private SignerKey ifUsable(KeyCustody custody, String alias, Function<PublicKey, SignatureScheme> scheme,
            java.util.function.Predicate<X509Certificate> fit) {
        List<X509Certificate> chain;
        try {
            if (!custody.contains(alias)) {
                return null;
            }
            chain = custody.chain(alias);
        } catch (CryptoException e) {
            return null; // deleted between the two calls: being replaced
        }
        return usable(chain.get(0)) && fit.test(chain.get(0)) ? new SignerKey(custody, alias, chain, scheme.apply(chain.get(0).getPublicKey())) : null;
    }

    /** Valid for at least another day, and still good in the CA's register. */
    private boolean usable(X509Certificate cert) {
        if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return false;
        }
        return register.unrevoked(CertificateAuthority.hex(cert.getSerialNumber()));
    }
}
