package dev.sealgate.verification.blocks;

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

    /**
     * The algorithm end-of-life table of ETSI TS 119 312 v1.5.1, as EU DSS 6.4's default policy has it:
     * digests by name, key algorithms by family and smallest key size ({@link AlgorithmExpiry}).
     */
    String ALGORITHM_EXPIRY = "MD5=2004-08-01,SHA1=2012-08-01,SHA224=2029-01-01,RIPEMD160=2014-08-01,WHIRLPOOL=2020-12-01,"
            + "DSA-1024=2015-12-01,DSA-1900=2029-01-01,DSA-3000=none,"
            + "RSA-786=2010-08-01,RSA-1024=2019-10-01,RSA-1536=2019-10-01,RSA-1900=2029-01-01,RSA-3000=2029-01-01,"
            + "RSASSA-PSS-786=2010-08-01,RSASSA-PSS-1024=2019-10-01,RSASSA-PSS-1536=2019-10-01,RSASSA-PSS-1900=2029-01-01,"
            + "RSASSA-PSS-3000=none,"
            + "ECDSA-160=2012-08-01,ECDSA-163=2012-08-01,ECDSA-224=2021-10-01,ECDSA-256=none";

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

        /**
         * Revocation freshness (EN 319 102-1 5.2.5) for the signer's (end-entity) certificate: how old
         * its revocation data may be, from its thisUpdate. Unset: freshness is not checked at all, for
         * any certificate on the path (as EU DSS's default policy). Data counts as fresh when it is
         * that recent at the validation time or, for a signature whose existence a valid time-stamp
         * proves, at that proof (revocation data gathered when the signature was made, B-LT).
         */
        Optional<Duration> maxRevocationAge();

        /**
         * The same for CA certificates on the path, when freshness is checked. Unset: EN 319 102-1's
         * rule without a configured maximum, the data's own update interval (nextUpdate - thisUpdate),
         * so a root CRL published every few months is fresh until its nextUpdate.
         */
        Optional<Duration> caMaxRevocationAge();

        /**
         * When algorithms expire ({@code NAME=yyyy-MM-dd}, {@code FAMILY-BITS=yyyy-MM-dd|none}): a signature
         * whose digest or key expired before the validation time passes only with proof that it existed
         * before then; a B-LTA's {@code renewBefore} is no later than its archive time-stamp's expiry.
         */
        @WithDefault(ALGORITHM_EXPIRY)
        List<String> algorithmExpiry();
    }
}
