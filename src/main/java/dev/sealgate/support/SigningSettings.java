package dev.sealgate.support;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.SignatureScheme;

/**
 * Everything under {@code sealgate.signing}, with its defaults declared once, here: how large the
 * documents SealGate signs, verifies and extends may be and how much of them it keeps in memory,
 * where it spools the rest, the civil servants' key store and key algorithm. Read by the HTTP size
 * limit, the signer, the extender and the key stores alike; set as properties or as
 * {@code SEALGATE_SIGNING_*} environment variables (plus the older names noted below).
 */
@ConfigMapping(prefix = "sealgate.signing")
public interface SigningSettings {

    /**
     * The largest document to sign or verify (streamed, never held whole); also the HTTP limit on
     * those paths. Also read from {@code SEALGATE_MAX_DOCUMENT_SIZE}.
     */
    @WithDefault("${SEALGATE_MAX_DOCUMENT_SIZE:1100M}")
    MemorySize maxDocumentSize();

    /** The largest JSON document signed as JAdES (held in memory). */
    @WithDefault("10M")
    MemorySize maxJsonSize();

    /** Documents and signed objects up to this size stay in memory; larger ones go through the work directory. */
    @WithDefault("4M")
    MemorySize inMemoryLimit();

    /** What all requests in flight together may hold in memory that way; past it, documents go through files too. */
    @WithDefault("64M")
    MemorySize inMemoryTotal();

    /**
     * The largest CMS signature extended in memory, and the largest document signed as enveloping
     * CAdES B-LTA (its SignedData is held while the archive time-stamp is added).
     */
    @WithDefault("64M")
    MemorySize maxCmsExtensionSize();

    /** Where documents to embed and signed output are spooled while signing (deleted afterwards). */
    @WithDefault("${java.io.tmpdir}")
    Path workDir();

    /** The key algorithm of civil servants' personal keys, generated on first use. */
    @WithDefault("EC_P256")
    KeyAlgorithm personalKeyAlgorithm();

    /** The RSA signature scheme for RSA keys: PKCS#1 v1.5 or RSASSA-PSS. */
    @WithDefault("RSA_PKCS1_SHA256")
    SignatureScheme rsaScheme();

    /** The civil servants' key store. */
    KeyStore keyStore();

    /** The departments' electronic seals (GB/T 38540) for OFD documents. */
    Seals seals();

    interface Seals {
        /**
         * The name on each department's seal, by department code (the token's {@code department});
         * a department without a name here has no electronic seal.
         */
        java.util.Map<String, String> names();

        /** How long a seal the seal maker makes is valid. */
        @WithDefault("P3Y")
        java.time.Period validity();

        /** The seal's diameter on the page, in millimetres (42 for a printed official seal, 40 here by default). */
        @WithDefault("40")
        int diameterMm();

        /** The departments' names in English, by department code, for the public check page in English. */
        java.util.Map<String, String> englishNames();
    }

    /**
     * What authentication signing demands (RFC 9470 step-up): for personal keys and for seals, the least
     * {@code acr} and the greatest age of {@code auth_time} a token may have.
     */
    StepUp stepUp();

    interface StepUp {
        StepUpRequirement personal();

        StepUpRequirement seal();
    }

    interface StepUpRequirement {
        /**
         * The least authentication level ({@code acr} as a number): 1 is a password, 2 a password and a
         * one-time code; 0 accepts any token.
         */
        @WithDefault("2")
        int acr();

        /** How long ago the civil servant may have authenticated ({@code auth_time}), e.g. {@code PT5M}. */
        @WithDefault("PT5M")
        java.time.Duration maxAge();
    }

    /** Using a department's seal and who must approve it. */
    SealApproval sealApproval();

    interface SealApproval {
        /**
         * The departments whose seal may be used only with a custodian's approval ({@code seal-custodian}
         * of the same department), by department code: {@code true} or {@code false} (the default).
         */
        java.util.Map<String, Boolean> required();

        /** How long a seal request waits for a decision before it expires and its document is deleted. */
        @WithDefault("PT24H")
        java.time.Duration expiry();

        /** How many seal requests may wait at once, for all departments together (their documents are kept). */
        @WithDefault("1000")
        int maxPending();

        /** The largest document a seal request may hold while it waits (kept in the database). */
        @WithDefault("64M")
        MemorySize maxDocumentSize();
    }

    /** The time zone of the signing time a visible signature shows. */
    @WithDefault("Asia/Shanghai")
    java.time.ZoneId appearanceZone();

    interface KeyStore {
        /** {@code pkcs12} or {@code pkcs11}; also read from {@code SEALGATE_SIGNER_KEYSTORE_TYPE}. */
        @WithDefault("${SEALGATE_SIGNER_KEYSTORE_TYPE:pkcs12}")
        String type();

        /** The PKCS#12 file or the PKCS#11 module configuration. */
        Optional<String> path();

        Optional<String> password();
    }

    /**
     * Outside Quarkus (benchmarks): the same mapping with its defaults, and whatever system
     * properties and environment variables set.
     */
    static SigningSettings defaults() {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addSystemSources().withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(SigningSettings.class).withValidateUnknown(false).build().getConfigMapping(SigningSettings.class);
    }
}
