package dev.sealgate.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code sealgate.pki}, with its defaults declared once, here: the PKI key store,
 * the aliases of the CA's keys in it, where the CA is reached, how long what it issues is valid,
 * and the organisation named in the certificates it issues. Read by the CA, the key stores, the
 * personal keys, the audit checkpoint key and the account watch; set as properties or as
 * {@code SEALGATE_PKI_*} environment variables (plus {@code SEALGATE_PUBLIC_URL}).
 */
@ConfigMapping(prefix = "sealgate.pki")
public interface PkiSettings {

    /** The PKI key store: issuing CA, TSA, OCSP responder, department seals (read-only at run time). */
    KeyStore keyStore();

    interface KeyStore {
        /** {@code pkcs12} or {@code pkcs11}; also read from {@code SEALGATE_PKI_KEYSTORE_TYPE}. */
        @WithDefault("${SEALGATE_PKI_KEYSTORE_TYPE:pkcs12}")
        String type();

        Optional<String> path();

        Optional<String> password();
    }

    @WithDefault("issuing-ca")
    String issuingCaAlias();

    @WithDefault("tsa")
    String tsaAlias();

    @WithDefault("ocsp")
    String ocspAlias();

    /** The base URL the CA's certificates name for their CRL, OCSP and issuer certificate. */
    String publicUrl();

    /** The offline root's published CRL (production); unused when the root key is at hand (dev, tests). */
    Optional<Path> rootCrl();

    /**
     * The alias of the root CA's own key in the PKI key store, set only where that key is present (the
     * dev PKI): the root CRL is then issued by SealGate itself.
     */
    Optional<String> rootCaAlias();

    /** How long a root CRL issued here is valid: an offline root publishes every few months. */
    @WithDefault("P90D")
    Duration rootCrlValidity();

    @WithDefault("PT24H")
    Duration crlValidity();

    @WithDefault("PT1H")
    Duration ocspValidity();

    @WithDefault("P730D")
    Duration personalCertificateValidity();

    /** The organisation (an RDN sequence) in the subject of every certificate the CA issues. */
    @WithDefault("O=SealGate Development,C=CN")
    String organisation();

    /** How often the CA looks for disabled or deleted Keycloak accounts whose certificates to revoke. */
    @WithDefault("30s")
    String accountCheckInterval();

    /**
     * Outside Quarkus (benchmarks, offline tests): the same mapping with its defaults and the values
     * given, plus whatever system properties and environment variables set.
     */
    static PkiSettings of(Map<String, String> given) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addSystemSources()
                .withMapping(PkiSettings.class).withValidateUnknown(false);
        given.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(PkiSettings.class);
    }
}
