package dev.sealgate.pki;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** RFC 5280 reason codes an operator may give. */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn");

    private final int code;
    private final String label;

    RevocationReason(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static RevocationReason of(String label) {
        for (RevocationReason reason : values()) {
            if (reason.label.equalsIgnoreCase(label) || reason.name().equalsIgnoreCase(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown revocation reason");
    }
}
