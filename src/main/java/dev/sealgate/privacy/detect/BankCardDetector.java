package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bank card numbers: 16 to 19 digits that pass the Luhn check, written either as one run of digits or
 * in groups of four separated by single spaces or by single dashes (the same separator throughout; the
 * last group may be shorter: 4-4-4-4-3 for 19 digits).
 *
 * <p>A candidate never borders another digit, and a grouped candidate never borders a further group
 * with its own separator ("6228 4800 1234 5671 2222" is not a card), so a card is not carved out of a
 * longer number. The Luhn check is a confidence test, not a proof: some old domestic cards fail it and
 * are not found.
 */
public final class BankCardDetector implements PiiDetector {

    private static final Pattern PLAIN = Pattern.compile("(?<![0-9])[0-9]{16,19}(?![0-9])");
    private static final Pattern SPACED = grouped(" ");
    private static final Pattern DASHED = grouped("-");

    private static Pattern grouped(String separator) {
        String sep = Pattern.quote(separator);
        return Pattern.compile("(?<![0-9])(?<![0-9]" + sep + ")[0-9]{4}(?:" + sep + "[0-9]{4}){3}(?:" + sep
                + "[0-9]{1,3})?(?![0-9])(?!" + sep + "[0-9])");
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.BANK_CARD);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        int from = RegexScan.firstDigitOfAtLeast(text, 16);
        RegexScan.collect(PLAIN, text, from, PiiType.BANK_CARD, BankCardDetector::luhnValid, out);
        RegexScan.collect(SPACED, text, from, PiiType.BANK_CARD, c -> luhnValid(c.replace(" ", "")), out);
        RegexScan.collect(DASHED, text, from, PiiType.BANK_CARD, c -> luhnValid(c.replace("-", "")), out);
        return out;
    }

    /** Whether {@code digits} is 16 to 19 ASCII digits passing the Luhn check. */
    public static boolean luhnValid(String digits) {
        if (digits == null || digits.length() < 16 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
