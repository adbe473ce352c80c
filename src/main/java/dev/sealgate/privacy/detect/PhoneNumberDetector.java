package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers, found and validated by libphonenumber ({@code findNumbers} with region {@code CN} and
 * {@link PhoneNumberUtil.Leniency#VALID}): national Chinese numbers, and international numbers written
 * with {@code +} or the {@code 00} international prefix. Chinese numbers are classified by their number
 * type: {@link PiiType#MOBILE} or {@link PiiType#LANDLINE} (fixed line); everything else (other
 * countries, Chinese 400/800 service numbers, ...) is {@link PiiType#PHONE}.
 *
 * <p>libphonenumber's metadata is the authority: a number whose length does not fit its area code (for
 * example a 7-digit local number in an area that moved to 8 digits) is not found. At the VALID leniency a
 * number directly touching a Latin letter ("tel13812345678") is not found either.
 *
 * <p>Two adjustments to libphonenumber's matches:
 * <ul>
 * <li>an opening bracket that libphonenumber takes in front of a number without a closing one
 * ("(13812345678，", "( 13812345678") is left out of the finding, with the spaces after it;</li>
 * <li>libphonenumber glues digit blocks separated by punctuation into one candidate, and reads
 * {@code X} followed by digits as an extension; when such a candidate is invalid and no split of its own
 * recovers a number, the numbers inside it are lost ("11010519491231002X, 13812345678",
 * "138 1234 5678) 2024"). So every run of digits (or {@code +}) that no match covers is searched again,
 * up to the next match: the longest valid number that starts there and ends where a number may end. A number may not start
 * right after a digit, a Latin letter, {@code +}, {@code %}, a currency sign, or a space, dash, dot or
 * slash that follows a digit, nor end before a digit, a Latin letter, or such a separator and a digit,
 * so no number is carved out of a longer (grouped) one.</li>
 * </ul>
 */
public final class PhoneNumberDetector implements PiiDetector {

    private static final String REGION = "CN";
    private static final String OPENING = "([\uFF08\uFF3B";
    private static final String CLOSING = ")]\uFF09\uFF3D";
    /** Separators that join the digit groups of one number. */
    private static final String GROUP_SEPARATORS = " -./";
    /** Longest stretch searched again: more than any formatted number with its international prefix. */
    private static final int RESCAN_WINDOW = 48;
    /**
     * Most digits a stretch searched again may hold: the 15 digits of E.164 after the 2-digit
     * international prefix (domestic numbers, even with a 5-digit carrier prefix, stay below it). Resident
     * IDs and 18- or 19-digit card numbers are never one phone number.
     */
    private static final int MAX_DIGITS = 17;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.MOBILE, PiiType.LANDLINE, PiiType.PHONE);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        BitSet covered = new BitSet(text.length());
        for (PhoneNumberMatch match : util.findNumbers(text, REGION, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            add(text, match, 0, out);
            covered.set(match.start(), match.end());
        }
        for (int at = 0; at < text.length(); at++) {
            if (!covered.get(at) && startsAnotherNumber(text, at)) {
                int found = longestNumberAt(text, at, covered, out);
                if (found > at) {
                    covered.set(at, found);
                    at = found - 1;
                }
            }
        }
        return out;
    }

    /**
     * Searches the stretch from {@code at} up to the next match alone, for the longest valid number that
     * starts there and ends where a number may end; adds it and returns its end, or returns {@code at}.
     */
    private int longestNumberAt(String text, int at, BitSet covered, List<Finding> out) {
        int limit = Math.min(text.length(), at + RESCAN_WINDOW);
        int next = covered.nextSetBit(at);
        if (next >= 0) {
            limit = Math.min(limit, next);
        }
        List<Integer> ends = new ArrayList<>();
        for (int end = at + 1; end <= limit; end++) {
            if (isDigit(text.charAt(end - 1)) && endsNumber(text, end)) {
                ends.add(end);
            }
        }
        for (int i = ends.size() - 1; i >= 0; i--) {
            int end = ends.get(i);
            if (countDigits(text, at, end) > MAX_DIGITS) {
                continue;
            }
            Iterator<PhoneNumberMatch> matches = util.findNumbers(text.substring(at, end), REGION,
                    PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).iterator();
            if (matches.hasNext()) {
                PhoneNumberMatch match = matches.next();
                if (match.start() == 0 && match.end() == end - at) {
                    add(text, match, at, out);
                    return end;
                }
            }
        }
        return at;
    }

    /** Whether a digit run or {@code +} starts at {@code at} without continuing what stands before. */
    private static boolean startsAnotherNumber(String text, int at) {
        char c = text.charAt(at);
        if (!isDigit(c) && c != '+') {
            return false;
        }
        if (at == 0) {
            return true;
        }
        char before = text.charAt(at - 1);
        if (isDigit(before) || before == '+' || before == '%' || isLatinLetter(before)
                || Character.getType(before) == Character.CURRENCY_SYMBOL) {
            return false;
        }
        return !(GROUP_SEPARATORS.indexOf(before) >= 0 && at >= 2 && isDigit(text.charAt(at - 2)));
    }

    /**
     * Whether a number may end before {@code end}: no digit or Latin letter follows, nor a separator and a
     * digit.
     */
    private static boolean endsNumber(String text, int end) {
        if (end == text.length()) {
            return true;
        }
        char after = text.charAt(end);
        if (isDigit(after) || isLatinLetter(after)) {
            return false;
        }
        return !(GROUP_SEPARATORS.indexOf(after) >= 0 && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
    }

    private void add(String text, PhoneNumberMatch match, int offset, List<Finding> out) {
        int start = offset + match.start();
        int end = offset + match.end();
        if (OPENING.indexOf(text.charAt(start)) >= 0 && !containsAny(text, start, end, CLOSING)) {
            start++;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        out.add(Finding.of(classify(match.number()), text, start, end));
    }

    private static boolean containsAny(String text, int start, int end, String chars) {
        for (int i = start; i < end; i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int countDigits(String text, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            if (isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isLatinLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private PiiType classify(PhoneNumber number) {
        if (!REGION.equals(util.getRegionCodeForNumber(number))) {
            return PiiType.PHONE;
        }
        PhoneNumberType type = util.getNumberType(number);
        if (type == PhoneNumberType.MOBILE) {
            return PiiType.MOBILE;
        }
        if (type == PhoneNumberType.FIXED_LINE) {
            return PiiType.LANDLINE;
        }
        return PiiType.PHONE;
    }
}
