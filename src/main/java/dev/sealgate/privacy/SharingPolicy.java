package dev.sealgate.privacy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A partner's sharing policy, one versioned file per partner: for each dataset and purpose the legal
 * basis and the field rules. Whatever no rule names is withheld (default deny).
 */
public record SharingPolicy(String id, int version, String partner, Map<String, Map<String, Purpose>> datasets) {

    /**
     * @param confidentiality when set, a release for this purpose may be kept from the citizen's
     *                        disclosure view for up to its maximum (a lawful secret enquiry); null: never
     */
    public record Purpose(String legalBasis, List<FieldRule> fields, Confidentiality confidentiality) {

        @JsonCreator
        public static Purpose of(@JsonProperty(value = "legal-basis", required = true) String legalBasis,
                @JsonProperty(value = "fields", required = true) List<FieldRule> fields,
                @JsonProperty("confidentiality") Confidentiality confidentiality) {
            if (legalBasis == null || legalBasis.isBlank()) {
                throw new IllegalArgumentException("every purpose needs a legal-basis");
            }
            return new Purpose(legalBasis, List.copyOf(fields), confidentiality);
        }
    }

    /** How long, at most, and on which legal basis a release may stay hidden from its subject. */
    public record Confidentiality(java.time.Duration max, String basis) {

        @JsonCreator
        public static Confidentiality of(@JsonProperty(value = "max", required = true) String max,
                @JsonProperty(value = "basis", required = true) String basis) {
            java.time.Duration duration;
            try {
                duration = java.time.Duration.parse(max);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("confidentiality max must be an ISO-8601 duration such as P180D");
            }
            if (duration.isNegative() || duration.isZero() || basis == null || basis.isBlank()) {
                throw new IllegalArgumentException("confidentiality needs a positive max and a basis");
            }
            return new Confidentiality(duration, basis);
        }
    }

    private record DatasetPurposes(Map<String, Purpose> purposes) {
        @JsonCreator
        static DatasetPurposes of(@JsonProperty(value = "purposes", required = true) Map<String, Purpose> purposes) {
            return new DatasetPurposes(purposes);
        }
    }

    @JsonCreator
    public static SharingPolicy of(@JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "version", required = true) int version,
            @JsonProperty(value = "partner", required = true) String partner,
            @JsonProperty(value = "datasets", required = true) Map<String, DatasetPurposes> datasets) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        Map<String, Map<String, Purpose>> byDataset = new java.util.LinkedHashMap<>();
        datasets.forEach((name, purposes) -> byDataset.put(name, Map.copyOf(purposes.purposes())));
        return new SharingPolicy(id, version, partner, Map.copyOf(byDataset));
    }

    /** {@code id@version}, as stamped into every release. */
    public String reference() {
        return id + "@" + version;
    }
}
