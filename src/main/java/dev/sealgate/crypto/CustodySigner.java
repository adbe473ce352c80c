package dev.sealgate.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A BouncyCastle {@link ContentSigner} whose signature value comes from the key custody: BC builders
 * (certificates, CRLs, OCSP, CMS) assemble the bytes to be signed, the store signs them.
 */
public final class CustodySigner implements ContentSigner {

    private final KeyCustody custody;
    private final String alias;
    private final SignatureScheme scheme;
    private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream(512);

    public CustodySigner(KeyCustody custody, String alias, SignatureScheme scheme) {
        this.custody = custody;
        this.alias = alias;
        this.scheme = scheme;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return scheme.identifier();
    }

    @Override
    public OutputStream getOutputStream() {
        return toBeSigned;
    }

    @Override
    public byte[] getSignature() {
        byte[] signature = custody.sign(alias, scheme, toBeSigned.toByteArray());
        toBeSigned.reset();
        return signature;
    }
}
