package dev.sealgate.identity;

import com.fasterxml.jackson.annotation.JsonValue;

/** The four kinds of caller SealGate knows. */
public enum PrincipalKind {
    CITIZEN("citizen"),
    CIVIL_SERVANT("civil-servant"),
    PARTNER("partner"),
    AUDITOR("auditor");

    private final String label;

    PrincipalKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
