package dev.sealgate.crypto;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider, registered once. */
public final class CryptoProviders {

    private static final Provider BC;

    static {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing == null) {
            existing = new BouncyCastleProvider();
            Security.addProvider(existing);
        }
        BC = existing;
    }

    private CryptoProviders() {
    }

    public static Provider bc() {
        return BC;
    }
}
