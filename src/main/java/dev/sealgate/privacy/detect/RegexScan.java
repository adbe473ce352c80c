package dev.sealgate.privacy.detect;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared loop of the pattern-based detectors: every match of a pattern that passes a check. */
final class RegexScan {

    /** Latin letters and ASCII digits: the characters that may not touch an alphanumeric identifier. */
    static final String ALNUM = "A-Za-z0-9";

    private RegexScan() {
    }

    static void collect(Pattern pattern, String text, PiiType type, Predicate<String> check, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (check.test(m.group())) {
                out.add(Finding.of(type, text, m.start(), m.end()));
            }
        }
    }
}
