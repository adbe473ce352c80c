package dev.sealgate.privacy.detect;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared loop of the pattern-based detectors: every match of a pattern that passes a check, searched
 * from the first place a match could start. The cheap character tests below find that place, so a
 * text without, say, an 18-character run never runs the pattern at all.
 */
final class RegexScan {

    /** Latin letters and ASCII digits: the characters that may not touch an alphanumeric identifier. */
    static final String ALNUM = "A-Za-z0-9";

    private RegexScan() {
    }

    /** @param from where the search starts; negative: no match is possible and nothing is searched */
    static void collect(Pattern pattern, String text, int from, PiiType type, Predicate<String> check,
            List<Finding> out) {
        if (from < 0) {
            return;
        }
        Matcher m = pattern.matcher(text);
        for (boolean found = m.find(from); found; found = m.find()) {
            String candidate = m.group();
            if (check.test(candidate)) {
                out.add(new Finding(type, m.start(), m.end(), candidate));
            }
        }
    }

    /** Where the first maximal run of {@code min} to {@code max} ASCII digits starts, or -1. */
    static int firstDigitRun(String text, int min, int max) {
        return firstRun(text, false, min, max, null);
    }

    /**
     * Where the first maximal run of {@code min} to {@code max} Latin letters and ASCII digits starts, or
     * -1; with {@code leads} not null, only a run that starts with one of its characters counts.
     */
    static int firstAlnumRun(String text, int min, int max, String leads) {
        return firstRun(text, true, min, max, leads);
    }

    private static int firstRun(String text, boolean letters, int min, int max, String leads) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean in = isDigit(c) || (letters && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')));
            if (in) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                int length = i - start;
                if (length >= min && length <= max && (leads == null || leads.indexOf(text.charAt(start)) >= 0)) {
                    return start;
                }
                start = -1;
            }
        }
        return -1;
    }

    /** Where the first ASCII digit stands if the text holds at least {@code min} of them, else -1. */
    static int firstDigitOfAtLeast(String text, int min) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < text.length() && count < min; i++) {
            if (isDigit(text.charAt(i))) {
                first = count == 0 ? i : first;
                count++;
            }
        }
        return count >= min ? first : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
