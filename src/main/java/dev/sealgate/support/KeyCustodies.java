package dev.sealgate.support;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.KeyStoreCustody;

/**
 * The two key stores SealGate uses: {@code pki} (issuing CA, TSA, OCSP responder, department
 * seals; read-only at run time) and {@code signers} (civil servants' personal keys, generated on
 * first use). Either is a PKCS#12 file or a PKCS#11 token; in production both may be one HSM.
 */
@ApplicationScoped
public class KeyCustodies {

    private static final Logger LOG = Logger.getLogger(KeyCustodies.class);

    @Produces
    @Singleton
    @Named("pki")
    KeyCustody pki(PkiSettings settings) {
        return open("pki", settings.keyStore().type(), settings.keyStore().path(), settings.keyStore().password().orElse(""), true);
    }

    @Produces
    @Singleton
    @Named("signers")
    KeyCustody signers(SigningSettings settings) {
        return open("signers", settings.keyStore().type(), settings.keyStore().path(), settings.keyStore().password().orElse(""), false);
    }

    private static KeyCustody open(String name, String type, Optional<String> path, String password, boolean readOnly) {
        String location = path.orElseThrow(() -> new CryptoException("sealgate." + name + " key store path is not configured"));
        KeyCustody custody = switch (type) {
            case "pkcs12" -> KeyStoreCustody.pkcs12(Path.of(location), password.toCharArray(), readOnly);
            case "pkcs11" -> KeyStoreCustody.pkcs11(Path.of(location), password.toCharArray());
            default -> throw new CryptoException("Unknown key store type '" + type + "' (pkcs12 or pkcs11)");
        };
        LOG.infof("Key store '%s': %s", name, custody.describe());
        return custody;
    }
}
