package dev.sealgate.verification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Validation policies from configuration, one chosen per partner ({@code azp}); callers without a
 * policy of their own get {@code default}.
 *
 * <pre>
 * sealgate.validation.policies.default.min-level=B-B
 * sealgate.validation.policies.strict.min-level=B-LT
 * sealgate.validation.partner-policies.partner-health-commission=strict
 * </pre>
 */
@ConfigMapping(prefix = "sealgate.validation")
public interface ValidationPolicies {

    /** Policies by name. */
    Map<String, Policy> policies();

    /** Partner client id → policy name. */
    Map<String, String> partnerPolicies();

    interface Policy {
        /** The lowest acceptable level: B-B, B-T, B-LT. */
        @WithDefault("B-B")
        String minLevel();

        /** Digest algorithms accepted in signatures (names as in the report). */
        @WithDefault("SHA256,SHA384,SHA512,SHA3-256,SM3")
        List<String> digestAlgorithms();

        @WithDefault("2048")
        int minRsaBits();

        @WithDefault("256")
        int minEcBits();

        /** How old revocation evidence may be at validation time (from its thisUpdate); unset: any age within nextUpdate. */
        Optional<Duration> maxRevocationAge();
    }
}
