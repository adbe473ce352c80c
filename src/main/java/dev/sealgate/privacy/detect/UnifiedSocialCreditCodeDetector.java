package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Unified social credit codes of GB 32100-2015: 18 characters from the 31-character alphabet
 * {@code 0-9ABCDEFGHJKLMNPQRTUWXY} (no I, O, S, V, Z), positions 3-8 the digits of the registering
 * authority's administrative division code, and a check character: with character values 0-30 and
 * weights {@code 3^(i-1) mod 31}, {@code check = 31 - (S mod 31)}, 31 written as {@code 0}.
 *
 * <p>Upper case only; no Latin letter or digit may touch the code on either side.
 */
public final class UnifiedSocialCreditCodeDetector implements PiiDetector {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    private static final String CHAR = "[0-9A-HJ-NP-RTUWXY]";
    private static final Pattern CODE = Pattern.compile(
            "(?<![" + RegexScan.ALNUM + "])" + CHAR + "{2}[0-9]{6}" + CHAR + "{10}(?![" + RegexScan.ALNUM + "])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.USCC);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        RegexScan.collect(CODE, text, RegexScan.firstAlnumRun(text, 18, 18, null), PiiType.USCC,
                UnifiedSocialCreditCodeDetector::isValid, out);
        return out;
    }

    /** Whether {@code code} is a well-formed unified social credit code with the right check character. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int value = ALPHABET.indexOf(code.charAt(i));
            if (value < 0 || (i >= 2 && i < 8 && value > 9)) {
                return false;
            }
            if (i < 17) {
                sum += value * WEIGHTS[i];
            }
        }
        return ALPHABET.charAt(checkValue(sum)) == code.charAt(17);
    }

    /** The check character for the first 17 characters of a code (which must be in the alphabet). */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not in the code alphabet: " + first17.charAt(i));
            }
            sum += value * WEIGHTS[i];
        }
        return ALPHABET.charAt(checkValue(sum));
    }

    private static int checkValue(int sum) {
        int check = 31 - sum % 31;
        return check == 31 ? 0 : check;
    }
}
