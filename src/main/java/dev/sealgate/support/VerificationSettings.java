package dev.sealgate.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code sealgate.verification} except the validation policies (their own mapping,
 * {@code sealgate.validation}), with its defaults declared once, here. Read by the trust anchors, the
 * revocation sources, the PDF reader and the PDF report; set as properties or as
 * {@code SEALGATE_VERIFICATION_*} environment variables (plus {@code SEALGATE_TRUST_ANCHORS}).
 */
@ConfigMapping(prefix = "sealgate.verification")
public interface VerificationSettings {

    /** PEM files, or directories of PEM files, holding the certificates a validation may end in. */
    Optional<List<String>> trustAnchors();

    /** Only revocation data embedded in the signature (or SealGate's own) is used; nothing is fetched. */
    @WithDefault("false")
    boolean offline();

    /** How long an OCSP responder or CRL distribution point has to answer. */
    @WithDefault("PT3S")
    Duration fetchTimeout();

    /** How long a fetched revocation answer is reused (never past its nextUpdate). */
    @WithDefault("PT5M")
    Duration cacheMaxAge();

    /** More objects than any real signed document has: such a PDF is refused before it is walked. */
    @WithDefault("500000")
    int maxPdfObjects();

    /** A TrueType font for the PDF report (for names outside Latin-1); Helvetica otherwise. */
    Optional<Path> reportFont();

    /**
     * Outside Quarkus (benchmarks, offline tests): the same mapping with its defaults and the values
     * given, plus whatever system properties and environment variables set.
     */
    static VerificationSettings of(Map<String, String> given) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addSystemSources()
                .withMapping(VerificationSettings.class).withValidateUnknown(false);
        given.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(VerificationSettings.class);
    }
}
