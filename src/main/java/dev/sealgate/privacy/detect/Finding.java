package dev.sealgate.privacy.detect;

import java.util.Objects;

/**
 * One identifier found in a text: its type, its UTF-16 span {@code [start, end)} and the matched text.
 */
public record Finding(PiiType type, int start, int end, String value) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (start < 0 || end <= start || value.length() != end - start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ") for a value of length "
                    + value.length());
        }
    }

    static Finding of(PiiType type, String text, int start, int end) {
        return new Finding(type, start, end, text.substring(start, end));
    }

    /** Type and span only: the value is the personal data itself and stays out of logs. */
    @Override
    public String toString() {
        return "Finding[" + type + " " + start + ".." + end + "]";
    }

    public int length() {
        return end - start;
    }

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
