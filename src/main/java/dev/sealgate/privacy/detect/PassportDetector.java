package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chinese ordinary passport numbers: {@code E} or {@code G} and 8 digits, or {@code E}, a letter other
 * than I and O, and 7 digits. Upper case; no Latin letter or digit may touch the number on either side.
 */
public final class PassportDetector implements PiiDetector {

    private static final Pattern PASSPORT = Pattern.compile("(?<![" + RegexScan.ALNUM
            + "])(?:[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7})(?![" + RegexScan.ALNUM + "])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.PASSPORT);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        RegexScan.collect(PASSPORT, text, RegexScan.firstAlnumRun(text, 9, 9, "EG"), PiiType.PASSPORT, c -> true, out);
        return out;
    }
}
