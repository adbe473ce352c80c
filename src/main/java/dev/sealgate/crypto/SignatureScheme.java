package dev.sealgate.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** A signature algorithm: its JCA name, its X.509/CMS identifier and the digest it hashes with. */
public enum SignatureScheme {
    /** ES256: in a JWS the value is R||S (RFC 7518 3.4), which the JCA names PLAIN-ECDSA. */
    ECDSA_SHA256("SHA256withECDSA", new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
            NISTObjectIdentifiers.id_sha256, "ES256", "SHA256withPLAIN-ECDSA"),
    RSA_PKCS1_SHA256("SHA256withRSA", new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE),
            NISTObjectIdentifiers.id_sha256, "RS256", "SHA256withRSA"),
    RSA_PSS_SHA256("SHA256withRSAandMGF1", new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, pss256()),
            NISTObjectIdentifiers.id_sha256, "PS256", "SHA256withRSAandMGF1"),
    ED25519("Ed25519", new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
            NISTObjectIdentifiers.id_sha512, "EdDSA", "Ed25519"),
    /** SM2 with SM3 (GM/T 0009/0010), default user ID 1234567812345678. No JOSE algorithm is registered for it. */
    SM2_SM3("SM3withSM2", new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3),
            GMObjectIdentifiers.sm3, null, null);

    /** Why a key of this scheme cannot make a JWS (the one wording, for problems and exceptions). */
    public static final String NO_JOSE_ALGORITHM = "SM2 has no registered JOSE algorithm";

    private final String jcaName;
    private final AlgorithmIdentifier identifier;
    private final ASN1ObjectIdentifier digest;
    private final String joseName;
    private final String joseJcaName;

    SignatureScheme(String jcaName, AlgorithmIdentifier identifier, ASN1ObjectIdentifier digest, String joseName, String joseJcaName) {
        this.jcaName = jcaName;
        this.identifier = identifier;
        this.digest = digest;
        this.joseName = joseName;
        this.joseJcaName = joseJcaName;
    }

    /** Whether a JWS can be made with this scheme (a registered JOSE {@code alg}). */
    public boolean hasJose() {
        return joseName != null;
    }

    /** The JCA name that verifies a JWS signature value of this scheme (JOSE's encoding of the value). */
    public String joseJcaName() {
        return joseJcaName;
    }

    /** The scheme a JWS {@code alg} names, if SealGate knows it. */
    public static java.util.Optional<SignatureScheme> forJose(String alg) {
        for (SignatureScheme scheme : values()) {
            if (scheme.joseName != null && scheme.joseName.equals(alg)) {
                return java.util.Optional.of(scheme);
            }
        }
        return java.util.Optional.empty();
    }

    public String jcaName() {
        return jcaName;
    }

    public AlgorithmIdentifier identifier() {
        return identifier;
    }

    /** The digest used for the document and the signed attributes with this scheme. */
    public ASN1ObjectIdentifier digest() {
        return digest;
    }

    /** The JWS {@code alg}; null when the scheme has none ({@link #hasJose()}). */
    public String joseName() {
        return joseName;
    }

    private static RSASSAPSSparams pss256() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        return new RSASSAPSSparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                new org.bouncycastle.asn1.ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
    }

    /** The default scheme for a public key: ECDSA for P-256, PKCS#1 v1.5 for RSA, SM2 for SM2 keys. */
    public static SignatureScheme forKey(java.security.PublicKey key) {
        String algorithm = key.getAlgorithm();
        if (algorithm.equals("RSA")) {
            return RSA_PKCS1_SHA256;
        }
        if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
            return ED25519;
        }
        if (algorithm.equals("EC") || algorithm.equals("ECDSA")) {
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info =
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded());
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getAlgorithm().getParameters());
            return GMObjectIdentifiers.sm2p256v1.equals(curve) ? SM2_SM3 : ECDSA_SHA256;
        }
        throw new CryptoException("Unsupported key algorithm " + algorithm);
    }
}
