package dev.sealgate.crypto;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * What reading any CMS SignedData needs, whatever format carries it (a CAdES or PAdES signature, an
 * RFC 3161 token): its certificates, the one a signer identifier names, verifiers, algorithm names.
 */
public final class CmsVerifiers {

    private CmsVerifiers() {
    }

    /** BouncyCastle's name for an algorithm; the GM/T ones (SM3, SM2 with SM3) it leaves as OIDs are named here. */
    public static String algorithmName(ASN1ObjectIdentifier oid) {
        if (oid.equals(org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm3)) {
            return "SM3";
        }
        if (oid.equals(org.bouncycastle.asn1.gm.GMObjectIdentifiers.sm2sign_with_sm3)) {
            return "SM3WITHSM2";
        }
        return new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
    }

    public static List<X509Certificate> certificates(CMSSignedData signed) {
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
            try {
                out.add(ParsedCertificates.of(holder));
            } catch (Exception e) {
                // an unreadable certificate is simply not available for path building
            }
        }
        return out;
    }

    /** The first certificate of the SignedData that {@code id} names, or null. */
    public static X509Certificate matching(CMSSignedData signed, org.bouncycastle.util.Selector<X509CertificateHolder> id) {
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(id)) {
            try {
                return ParsedCertificates.of(holder);
            } catch (Exception e) {
                // unreadable: look on
            }
        }
        return null;
    }

    /**
     * BouncyCastle's signer-information verifier for a key (or a certificate, for time-stamp tokens),
     * with its algorithm-name tables built once: building them for every signature showed in profiles.
     */
    public static SignerInformationVerifier verifier(PublicKey key) throws OperatorCreationException {
        return new SignerInformationVerifier(VerifierTables.NAMES, VerifierTables.ALGORITHMS,
                new JcaContentVerifierProviderBuilder().setProvider(CryptoProviders.bc()).build(key), VerifierTables.DIGESTS);
    }

    public static SignerInformationVerifier verifier(X509Certificate certificate) throws OperatorCreationException {
        return new SignerInformationVerifier(VerifierTables.NAMES, VerifierTables.ALGORITHMS,
                new JcaContentVerifierProviderBuilder().setProvider(CryptoProviders.bc()).build(certificate), VerifierTables.DIGESTS);
    }

    /** The signature algorithm a SignerInfo's digest and signature algorithm identifiers name together. */
    public static org.bouncycastle.asn1.x509.AlgorithmIdentifier signatureAlgorithm(org.bouncycastle.asn1.x509.AlgorithmIdentifier digest,
            org.bouncycastle.asn1.x509.AlgorithmIdentifier encryption) {
        return VerifierTables.ALGORITHMS.find(VerifierTables.NAMES.getSignatureName(digest, encryption));
    }

    /** Read-only after construction, so shared. */
    private static final class VerifierTables {
        static final CMSSignatureAlgorithmNameGenerator NAMES = new DefaultCMSSignatureAlgorithmNameGenerator();
        static final SignatureAlgorithmIdentifierFinder ALGORITHMS = new DefaultSignatureAlgorithmIdentifierFinder();
        static final DigestCalculatorProvider DIGESTS = digests();

        private static DigestCalculatorProvider digests() {
            try {
                return new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
