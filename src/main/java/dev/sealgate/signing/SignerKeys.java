package dev.sealgate.signing;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.identity.Principal;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertifiedKeys;
import dev.sealgate.support.PkiSettings;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;

/**
 * Finds the key a civil servant signs with: their personal key (generated in the signers' store and
 * certified by the issuing CA the first time, reused until it expires or is revoked) or their
 * department's seal.
 */
@ApplicationScoped
public class SignerKeys {

    @Inject
    @Named("signers")
    KeyCustody signers;

    @Inject
    @Named("pki")
    KeyCustody pki;

    @Inject
    CertificateAuthority ca;

    @Inject
    CertifiedKeys keys;

    @Inject
    SigningSettings settings;

    @Inject
    PkiSettings pkiSettings;

    public SignerKey forCaller(Principal principal, SignatureFormat.KeyKind kind) {
        return kind == SignatureFormat.KeyKind.SEAL ? seal(principal) : personal(principal);
    }

    private SignerKey seal(Principal principal) {
        return seal(principal.department());
    }

    /** The seal of a department; 403 problem when it has none. */
    public SignerKey seal(String department) {
        String alias = "seal-" + department;
        if (department == null || !pki.contains(alias)) {
            throw new ProblemException(ProblemType.NO_DEPARTMENT_SEAL,
                    "Your account has no department with a seal; sign with key=personal or ask an administrator.");
        }
        List<X509Certificate> chain = pki.chain(alias);
        return new SignerKey(pki, alias, chain, scheme(chain.get(0).getPublicKey()));
    }

    /**
     * The SM2 key a department seals OFD documents with (GB/T 38540 seals are SM2): its seal key
     * when that is SM2, else an SM2 seal key generated in the signers' store and certified on first use.
     */
    public SignerKey ofdSeal(String department, String sealName) {
        SignerKey seal = seal(department);
        if (seal.scheme() == SignatureScheme.SM2_SM3) {
            return seal;
        }
        String alias = "ofd-seal-" + department;
        return keys.certifiedOnFirstUse(signers, alias, KeyAlgorithm.SM2,
                key -> ca.issueSeal("CN=" + escape(sealName) + ",OU=" + escape(department) + "," + pkiSettings.organisation(), key,
                        department, alias), this::scheme);
    }

    /**
     * The seal maker's SM2 key (制章者), which signs the departments' electronic seals: {@code seal-maker}
     * in the PKI key store when it holds one, else generated in the signers' store and certified on first use.
     */
    public SignerKey sealMaker() {
        String alias = "seal-maker";
        if (pki.contains(alias)) {
            List<X509Certificate> chain = pki.chain(alias);
            return new SignerKey(pki, alias, chain, scheme(chain.get(0).getPublicKey()));
        }
        return keys.certifiedOnFirstUse(signers, alias, KeyAlgorithm.SM2,
                key -> ca.issueSealMaker("CN=SealGate Seal Maker," + pkiSettings.organisation(), key, alias), this::scheme);
    }

    /** The civil servant's SM2 key for OFD signatures: their personal key when it is SM2, else a second, SM2 one. */
    public SignerKey personalSm2(Principal principal) {
        if (settings.personalKeyAlgorithm() == KeyAlgorithm.SM2) {
            return personal(principal);
        }
        String alias = "personal-sm2-" + principal.subject();
        return keys.certifiedOnFirstUse(signers, alias, KeyAlgorithm.SM2,
                key -> ca.issuePersonal(subjectDn(principal), key, principal.subject(), principal.department(), alias), this::scheme);
    }

    private SignerKey personal(Principal principal) {
        String alias = "personal-" + principal.subject();
        return keys.certifiedOnFirstUse(signers, alias, settings.personalKeyAlgorithm(),
                key -> ca.issuePersonal(subjectDn(principal), key, principal.subject(), principal.department(), alias), this::scheme);
    }

    private SignatureScheme scheme(PublicKey key) {
        SignatureScheme scheme = SignatureScheme.forKey(key);
        return scheme == SignatureScheme.RSA_PKCS1_SHA256 ? settings.rsaScheme() : scheme;
    }

    private String subjectDn(Principal principal) {
        String name = principal.displayName() != null ? principal.displayName() : principal.username();
        StringBuilder dn = new StringBuilder("CN=").append(escape(name))
                .append(",SERIALNUMBER=").append(escape(principal.subject()));
        if (principal.department() != null) {
            dn.append(",OU=").append(escape(principal.department()));
        }
        return dn.append(',').append(pkiSettings.organisation()).toString();
    }

    /** RFC 4514 escaping of an attribute value. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (",+\"\\<>;=".indexOf(c) >= 0 || (i == 0 && (c == '#' || c == ' ')) || (i == value.length() - 1 && c == ' ')) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
