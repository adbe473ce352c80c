package dev.sealgate.formats;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The baseline levels of CAdES, PAdES and JAdES (EN 319 122-1, 319 142-1, 119 182-1), lowest first:
 * what a signer asks for, what an extension reaches, what a validation finds. Written as the
 * standards write them ({@code B-LT}) in JSON and in messages.
 */
public enum BaselineLevel {
    B_B("B-B"), B_T("B-T"), B_LT("B-LT"), B_LTA("B-LTA");

    private final String label;

    BaselineLevel(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Whether this level carries validation data (B-LT and above). */
    public boolean longTerm() {
        return this == B_LT || this == B_LTA;
    }

    /** The level a label names (case-insensitive), or null. */
    public static BaselineLevel of(String label) {
        for (BaselineLevel level : values()) {
            if (level.label.equalsIgnoreCase(label)) {
                return level;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
