package dev.sealgate.privacy;

import java.time.LocalDate;
import java.util.Base64;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sealgate.crypto.Pseudonyms;
import dev.sealgate.privacy.detect.PiiScanner;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** The privacy filter with its policies and keys: what a partner may receive of a record for a purpose. */
@ApplicationScoped
public class PrivacyGate {

    @Inject
    PolicyStore policies;

    @ConfigProperty(name = "sealgate.privacy.pseudonym-key")
    String pseudonymKey;

    @ConfigProperty(name = "sealgate.privacy.pseudonym-algorithm", defaultValue = "HmacSHA256")
    String pseudonymAlgorithm;

    private PrivacyFilter filter;
    private Pseudonyms pseudonyms;

    /** A filtered record with the policy and purpose it was filtered under. */
    public record Release(SharingPolicy policy, String dataset, String purpose, String legalBasis,
            SharingPolicy.Confidentiality confidentiality, PrivacyFilter.Filtered filtered) {
    }

    @PostConstruct
    void init() {
        pseudonyms = new Pseudonyms(Base64.getDecoder().decode(pseudonymKey), pseudonymAlgorithm);
        filter = new PrivacyFilter(pseudonyms, new PiiScanner());
    }

    /** The key under which a citizen's records and disclosures are stored: never the national ID itself. */
    public String subjectKey(String nationalId) {
        return pseudonyms.token("subject", nationalId.toUpperCase(java.util.Locale.ROOT));
    }

    /** Filters {@code record}; a partner without a policy for that dataset and purpose gets 403. */
    public Release filter(String partnerId, String dataset, String purpose, JsonNode record) {
        SharingPolicy policy = policies.forPartner(partnerId).orElseThrow(() -> new ProblemException(ProblemType.NO_SHARING_POLICY,
                "No sharing policy covers this partner."));
        var purposes = policy.datasets().get(dataset);
        SharingPolicy.Purpose rules = purposes == null ? null : purposes.get(purpose);
        if (rules == null) {
            throw new ProblemException(ProblemType.NO_SHARING_POLICY,
                    "The partner's policy does not allow dataset '" + dataset + "' for purpose '" + purpose + "'.");
        }
        return new Release(policy, dataset, purpose, rules.legalBasis(), rules.confidentiality(),
                filter.apply(record, rules, partnerId + "|" + purpose, LocalDate.now()));
    }
}
