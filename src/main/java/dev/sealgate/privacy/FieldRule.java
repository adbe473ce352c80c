package dev.sealgate.privacy;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One rule of a sharing policy: a path into the record and what happens to the value there.
 * Paths are dotted; {@code []} steps into every element of an array ({@code household[].name}).
 */
public record FieldRule(String path, Operator op, Integer keepFirst, Integer keepLast, String maskChar, String to,
        Long step) {

    public enum Operator {
        KEEP, DROP, MASK, PSEUDONYM, GENERALIZE, REDACT_PII;

        private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

        public String label() {
            return label;
        }

        static Operator parse(String value) {
            for (Operator op : values()) {
                if (op.label().equals(value)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operator '" + value
                    + "' (keep, drop, mask, pseudonym, generalize, redact-pii)");
        }
    }

    private static final Set<String> GENERALISATIONS = Set.of("year", "age-band", "province", "city", "range");

    @JsonCreator
    public static FieldRule of(@JsonProperty(value = "path", required = true) String path,
            @JsonProperty(value = "op", required = true) String op,
            @JsonProperty("keep-first") Integer keepFirst, @JsonProperty("keep-last") Integer keepLast,
            @JsonProperty("mask-char") String maskChar, @JsonProperty("to") String to, @JsonProperty("step") Long step) {
        if (path == null || !path.matches("[A-Za-z_][A-Za-z0-9_-]*(\\[\\])?(\\.[A-Za-z_][A-Za-z0-9_-]*(\\[\\])?)*")) {
            throw new IllegalArgumentException("bad path '" + path + "': dotted names, [] for arrays");
        }
        Operator operator = Operator.parse(op);
        if (operator == Operator.MASK && (keepFirst == null && keepLast == null)) {
            throw new IllegalArgumentException("mask on '" + path + "' needs keep-first and/or keep-last");
        }
        if (maskChar != null && maskChar.codePointCount(0, maskChar.length()) != 1) {
            throw new IllegalArgumentException("mask-char on '" + path + "' must be one character");
        }
        if (operator == Operator.GENERALIZE && (to == null || !GENERALISATIONS.contains(to))) {
            throw new IllegalArgumentException("generalize on '" + path + "' needs to: year, age-band, province, city or range");
        }
        if (operator == Operator.GENERALIZE && "range".equals(to) && (step == null || step <= 0)) {
            throw new IllegalArgumentException("generalize to range on '" + path + "' needs a positive step");
        }
        return new FieldRule(path, operator, keepFirst, keepLast, maskChar == null ? "*" : maskChar, to, step);
    }
}
