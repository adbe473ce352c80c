package dev.sealgate.crypto;

import java.security.cert.X509Certificate;
import java.util.List;

/** A key in custody that can sign documents, with its certificate chain (signer first) and scheme. */
public record SignerKey(KeyCustody custody, String alias, List<X509Certificate> chain, SignatureScheme scheme) {

    public X509Certificate certificate() {
        return chain.get(0);
    }
}
