package dev.sealgate.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import dev.sealgate.identity.ResidentId;

/**
 * Property-style checks with seeded random data: thousands of generated valid identifiers embedded in
 * random Chinese/English text are all redacted with the right placeholder and leave no digit (so no
 * valid instance) behind; generated numbers that fail their checks are left alone. The generators
 * compute check characters on their own, independently of the detectors.
 */
class PiiPropertyTest {

    private static final long SEED = 0x5EA16A7EL;
    private static final int IDS = 2000;
    private static final int LEGACY_IDS = 1000;
    private static final int USCCS = 2000;
    private static final int CARDS = 2000;
    private static final int MOBILES = 1000;
    private static final int DOCUMENTS = 500;
    private static final int NON_MATCHING_DIGITS = 2000;
    private static final int NON_MATCHING_USCCS = 1000;

    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final int[] PROVINCES = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
            44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String[] MOBILE_PREFIXES = { "130", "131", "132", "133", "135", "136", "137", "138", "139",
            "150", "151", "152", "155", "156", "157", "158", "159", "176", "177", "180", "181", "186", "187", "188",
            "189", "199" };

    /** Words without digits, '@' or province characters, so the filler itself is never an identifier. */
    private static final String[] CHINESE = { "请联系", "办理", "您好", "客户", "备注", "谢谢", "号码", "信息", "申请人",
            "的" };
    private static final String[] ENGLISH = { "call", "today", "the", "account", "number", "please", "ref", "note",
            "Mr", "ID" };
    private static final String[] PUNCTUATION = { "，", "。", "：", ", ", ". ", "; ", "\n", "(", ")" };

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z_]+\\]");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final PiiScanner scanner = new PiiScanner();
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final Random random = new Random(SEED);

    @Test
    @DisplayName(IDS + " random 18-character resident IDs are redacted as [RESIDENT_ID]")
    void residentIds() {
        checkRedacted(IDS, this::residentId, PiiType.RESIDENT_ID, true);
    }

    @Test
    @DisplayName(LEGACY_IDS + " random 15-digit legacy resident IDs are redacted as [RESIDENT_ID]")
    void legacyResidentIds() {
        checkRedacted(LEGACY_IDS, this::legacyResidentId, PiiType.RESIDENT_ID, true);
    }

    @Test
    @DisplayName(USCCS + " random unified social credit codes are redacted as [USCC]")
    void usccs() {
        checkRedacted(USCCS, this::uscc, PiiType.USCC, false);
    }

    @Test
    @DisplayName(CARDS + " random Luhn-valid cards (16-19 digits, plain, space- or dash-grouped) are redacted as [BANK_CARD]")
    void bankCards() {
        checkRedacted(CARDS, this::formattedCard, PiiType.BANK_CARD, true);
    }

    @Test
    @DisplayName(MOBILES + " random Chinese mobile numbers (plain, +86, 0086, spaced) are redacted as [MOBILE]")
    void mobiles() {
        checkRedacted(MOBILES, this::mobile, PiiType.MOBILE, false);
    }

    @Test
    @DisplayName(DOCUMENTS + " random documents with one of each kind are redacted in order")
    void mixedDocuments() {
        List<Function<Random, String>> generators = List.of(this::residentId, this::legacyResidentId, this::uscc,
                this::formattedCard, this::mobile);
        List<PiiType> types = List.of(PiiType.RESIDENT_ID, PiiType.RESIDENT_ID, PiiType.USCC, PiiType.BANK_CARD,
                PiiType.MOBILE);
        for (int n = 0; n < DOCUMENTS; n++) {
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            java.util.Collections.shuffle(order, random);
            StringBuilder doc = new StringBuilder(fillerBefore(false));
            List<String> values = new ArrayList<>();
            List<PiiType> expected = new ArrayList<>();
            for (int i : order) {
                String value = generators.get(i).apply(random);
                values.add(value);
                expected.add(types.get(i));
                doc.append(separator()).append(value).append(separator()).append(word(false));
            }
            String text = doc.toString();
            String redacted = scanner.redact(text);
            for (String value : values) {
                assertFalse(redacted.contains(value), () -> "left " + value + " in " + show(text) + " → " + show(redacted));
            }
            assertEquals(expected.stream().map(PiiType::placeholder).toList(), placeholders(redacted), () -> show(text));
            assertNoDigits(text, redacted);
        }
    }

    @Test
    @DisplayName(NON_MATCHING_DIGITS + " random 15-19 digit numbers failing every check are left alone")
    void nonMatchingDigitRuns() {
        int done = 0;
        while (done < NON_MATCHING_DIGITS) {
            String digits = digits(1 + random.nextInt(9), 14 + random.nextInt(5));
            if (ResidentId.isValid(digits) || ResidentId.isValidLegacy(digits) || BankCardDetector.luhnValid(digits)
                    || UnifiedSocialCreditCodeDetector.isValid(digits) || phoneNumberIn(digits)) {
                continue;
            }
            checkLeftAlone(digits, true);
            done++;
        }
    }

    @Test
    @DisplayName(NON_MATCHING_USCCS + " random credit-code-shaped strings with a wrong check character are left alone")
    void nonMatchingUsccs() {
        int done = 0;
        while (done < NON_MATCHING_USCCS) {
            String code = uscc(random);
            char wrong = USCC_ALPHABET.charAt(random.nextInt(USCC_ALPHABET.length()));
            String candidate = code.substring(0, 17) + wrong;
            if (wrong == code.charAt(17) || ResidentId.isValid(candidate) || BankCardDetector.luhnValid(candidate)) {
                continue;
            }
            checkLeftAlone(candidate, false);
            done++;
        }
    }

    /**
     * Whether libphonenumber sees a valid number in {@code digits} on its own. It does in a few 15-digit
     * runs: an IP-call carrier prefix such as 11402 or 17951 followed by a 10-digit fixed-line number.
     */
    private boolean phoneNumberIn(String digits) {
        return phones.findNumbers(digits, "CN", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).iterator().hasNext();
    }

    // --- checks

    private void checkRedacted(int count, Function<Random, String> generator, PiiType type, boolean letterNeighbours) {
        for (int n = 0; n < count; n++) {
            String value = generator.apply(random);
            String text = fillerBefore(letterNeighbours) + separator() + value + separator() + fillerAfter(letterNeighbours);
            List<Finding> findings = scanner.scan(text);
            assertEquals(1, findings.size(), () -> show(text) + " → " + findings);
            assertEquals(type, findings.get(0).type(), () -> show(text));
            assertEquals(value, findings.get(0).value(), () -> show(text));
            String redacted = PiiScanner.redact(text, findings);
            assertFalse(redacted.contains(value), () -> show(text));
            assertEquals(List.of(type.placeholder()), placeholders(redacted), () -> show(text));
            assertNoDigits(text, redacted);
        }
    }

    private void checkLeftAlone(String value, boolean letterNeighbours) {
        String text = fillerBefore(letterNeighbours) + separator() + value + separator() + fillerAfter(letterNeighbours);
        assertEquals(List.of(), scanner.scan(text), () -> show(text));
        assertEquals(text, scanner.redact(text));
    }

    /**
     * The filler has no digits, so none may remain after redaction: no identifier of any kind, valid or
     * not, survives. The window checks say the same for the checked identifiers without relying on that.
     */
    private static void assertNoDigits(String text, String redacted) {
        assertTrue(redacted.chars().noneMatch(c -> c >= '0' && c <= '9'), () -> show(text) + " → " + show(redacted));
        assertNoWindow(redacted, 18, ResidentId::isValid);
        assertNoWindow(redacted, 15, ResidentId::isValidLegacy);
        assertNoWindow(redacted, 18, UnifiedSocialCreditCodeDetector::isValid);
        for (int length = 16; length <= 19; length++) {
            assertNoWindow(redacted, length, BankCardDetector::luhnValid);
        }
    }

    private static void assertNoWindow(String text, int length, Predicate<String> valid) {
        for (int i = 0; i + length <= text.length(); i++) {
            String window = text.substring(i, i + length);
            assertFalse(valid.test(window), () -> "valid instance left: " + window + " in " + show(text));
        }
    }

    private static List<String> placeholders(String redacted) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(redacted);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    // --- text

    /** Random words ending with one that may touch an identifier: English only if letter neighbours are fine. */
    private String fillerBefore(boolean letterNeighbours) {
        StringBuilder text = new StringBuilder();
        int words = random.nextInt(5);
        for (int i = 0; i < words; i++) {
            text.append(word(true)).append(random.nextBoolean() ? " " : "");
        }
        return text.append(word(letterNeighbours)).toString();
    }

    /** Random words starting with one that may touch an identifier. */
    private String fillerAfter(boolean letterNeighbours) {
        StringBuilder text = new StringBuilder(word(letterNeighbours));
        int words = random.nextInt(5);
        for (int i = 0; i < words; i++) {
            text.append(random.nextBoolean() ? " " : "").append(word(true));
        }
        return text.toString();
    }

    private static String show(String text) {
        return "\"" + text.replace("\n", "⏎").replace("\t", "⇥") + "\"";
    }

    private String word(boolean english) {
        return switch (random.nextInt(english ? 3 : 2)) {
            case 0 -> CHINESE[random.nextInt(CHINESE.length)];
            case 1 -> PUNCTUATION[random.nextInt(PUNCTUATION.length)];
            default -> ENGLISH[random.nextInt(ENGLISH.length)];
        };
    }

    private String separator() {
        String[] separators = { "", " ", "：", "，", "\n", "\t" };
        return separators[random.nextInt(separators.length)];
    }

    // --- generators, each computing its check character itself

    private String residentId(Random r) {
        LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(r.nextInt(365 * 125));
        String first17 = PROVINCES[r.nextInt(PROVINCES.length)] + digits(r, 4) + birth.format(YYYYMMDD)
                + digits(r, 3);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        int check = (12 - sum % 11) % 11;
        // Some of these are Luhn-valid as well: the resident ID still wins, being the more specific type.
        return first17 + (check == 10 ? "X" : String.valueOf(check));
    }

    private String legacyResidentId(Random r) {
        LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(r.nextInt(36524));
        return PROVINCES[r.nextInt(PROVINCES.length)] + digits(r, 4) + birth.format(YYMMDD) + digits(r, 3);
    }

    private String uscc(Random r) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            code.append(i >= 2 && i < 8 ? (char) ('0' + r.nextInt(10))
                    : USCC_ALPHABET.charAt(r.nextInt(USCC_ALPHABET.length())));
        }
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += USCC_ALPHABET.indexOf(code.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        String uscc = code.append(USCC_ALPHABET.charAt((31 - sum % 31) % 31)).toString();
        // An all-digit code that is also a resident ID is reported as the more specific resident ID.
        return ResidentId.isValid(uscc) ? uscc(r) : uscc;
    }

    private String card(Random r) {
        int length = 16 + r.nextInt(4);
        String body = (r.nextBoolean() ? "62" : String.valueOf(3 + r.nextInt(3))) + digits(r, length);
        body = body.substring(0, length - 1);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        String card = body + (10 - sum % 10) % 10;
        return ResidentId.isValid(card) || UnifiedSocialCreditCodeDetector.isValid(card) ? card(r) : card;
    }

    private String formattedCard(Random r) {
        String card = card(r);
        return switch (r.nextInt(3)) {
            case 0 -> card;
            case 1 -> String.join(" ", card.split("(?<=\\G.{4})"));
            default -> String.join("-", card.split("(?<=\\G.{4})"));
        };
    }

    private String mobile(Random r) {
        String national = MOBILE_PREFIXES[r.nextInt(MOBILE_PREFIXES.length)] + digits(r, 8);
        try {
            PhoneNumber number = phones.parse(national, "CN");
            if (!phones.isValidNumber(number) || phones.getNumberType(number) != PhoneNumberUtil.PhoneNumberType.MOBILE) {
                return mobile(r);
            }
        } catch (NumberParseException e) {
            throw new AssertionError(e);
        }
        return switch (r.nextInt(4)) {
            case 0 -> national;
            case 1 -> "+86 " + national;
            case 2 -> "0086" + national;
            default -> national.substring(0, 3) + " " + national.substring(3, 7) + " " + national.substring(7);
        };
    }

    private String digits(Random r, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + r.nextInt(10)));
        }
        return digits.toString();
    }

    private String digits(int first, int more) {
        return first + digits(random, more);
    }
}
