package dev.sealgate.crypto;

/** Key types SealGate generates and signs with; chosen per key profile in configuration. */
public enum KeyAlgorithm {
    EC_P256("EC", SignatureScheme.ECDSA_SHA256),
    RSA_2048("RSA", SignatureScheme.RSA_PKCS1_SHA256),
    RSA_3072("RSA", SignatureScheme.RSA_PKCS1_SHA256),
    ED25519("Ed25519", SignatureScheme.ED25519),
    SM2("EC", SignatureScheme.SM2_SM3);

    private final String jcaName;
    private final SignatureScheme defaultScheme;

    KeyAlgorithm(String jcaName, SignatureScheme defaultScheme) {
        this.jcaName = jcaName;
        this.defaultScheme = defaultScheme;
    }

    public String jcaName() {
        return jcaName;
    }

    public SignatureScheme defaultScheme() {
        return defaultScheme;
    }
}
