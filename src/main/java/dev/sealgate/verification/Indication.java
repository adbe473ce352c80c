package dev.sealgate.verification;

/** EN 319 102-1 main indications, ordered from best to worst. */
public enum Indication {
    TOTAL_PASSED, INDETERMINATE, TOTAL_FAILED;

    public static Indication worst(Indication a, Indication b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
