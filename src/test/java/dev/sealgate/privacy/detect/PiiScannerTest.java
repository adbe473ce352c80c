package dev.sealgate.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sealgate.identity.ResidentId;

/** The scanner's contract: typed placeholders, no original value left, deterministic overlap resolution. */
class PiiScannerTest {

    private final PiiScanner scanner = new PiiScanner();

    /** One sample of every type, in one document. */
    private static final List<String[]> SAMPLES = List.of(
            new String[] { "11010519491231002X", "RESIDENT_ID" },
            new String[] { "110105491231002", "RESIDENT_ID" },
            new String[] { "91350100M000100Y43", "USCC" },
            new String[] { "6228 4800 1234 5671", "BANK_CARD" },
            new String[] { "+86 138 1234 5678", "MOBILE" },
            new String[] { "010-62345678", "LANDLINE" },
            new String[] { "+44 20 7946 0958", "PHONE" },
            new String[] { "zhang.san+gov@mail.example.com.cn", "EMAIL" },
            new String[] { "EA1234567", "PASSPORT" },
            new String[] { "M1234567801", "TRAVEL_PERMIT" },
            new String[] { "沪AD12345", "LICENCE_PLATE" });

    @Test
    void redactionReplacesEveryValueWithItsTypedPlaceholder() {
        StringBuilder text = new StringBuilder("申请材料：");
        StringBuilder expected = new StringBuilder("申请材料：");
        for (String[] sample : SAMPLES) {
            text.append(" 字段 ").append(sample[0]).append("；");
            expected.append(" 字段 [").append(sample[1]).append("]；");
        }
        String redacted = scanner.redact(text.toString());
        assertEquals(expected.toString(), redacted);
        for (String[] sample : SAMPLES) {
            assertFalse(redacted.contains(sample[0]), sample[0]);
        }
        assertEquals(EnumSet.allOf(PiiType.class), scanner.types());
    }

    @Test
    void placeholdersAreTheTypeNamesInBrackets() {
        for (PiiType type : PiiType.values()) {
            assertEquals("[" + type.name() + "]", type.placeholder());
        }
    }

    @Test
    void findingsCarrySpansAndValuesButDoNotPrintValues() {
        String text = "卡号6228480012345671。";
        List<Finding> findings = scanner.scan(text);
        assertEquals(List.of(new Finding(PiiType.BANK_CARD, 2, 18, "6228480012345671")), findings);
        assertFalse(findings.get(0).toString().contains("6228480012345671"));
    }

    @Test
    void textWithoutIdentifiersIsUnchanged() {
        String text = "2024年1月15日，申请人于第3窗口办理，编号 12-34，共 5 页。Call back at 9:30 today.";
        assertEquals(List.of(), scanner.scan(text));
        assertEquals(text, scanner.redact(text));
        assertEquals("", scanner.redact(""));
        assertThrows(NullPointerException.class, () -> scanner.scan(null));
    }

    // --- boundaries and overlaps

    @Test
    void residentIdInsideALongerDigitRunIsNotFound() {
        String id = "440524188001010014";
        assertTrue(ResidentId.isValid(id));
        for (String text : List.of("号码9" + id + "。", "号码" + id + "7。", "no. 1" + id + "2")) {
            assertTrue(scanner.scan(text).stream().noneMatch(f -> f.type() == PiiType.RESIDENT_ID), text);
        }
        String legacy = "110105491231002";
        assertTrue(scanner.scan("号码" + legacy + "3。").stream().noneMatch(f -> f.type() == PiiType.RESIDENT_ID));
    }

    @Test
    void residentIdInsideALuhnValid19DigitCardIsTheCard() {
        String id = "440524188001010014";
        String card = id + luhnCheckDigit(id);
        assertTrue(BankCardDetector.luhnValid(card));
        assertEquals(List.of(new Finding(PiiType.BANK_CARD, 3, 22, card)), scanner.scan("卡号 " + card + " 已绑定"));
    }

    @Test
    void residentIdThatIsAlsoLuhnValidIsAResidentId() {
        // Search deterministically for an 18-digit resident ID that passes Luhn too.
        String id = null;
        for (int seq = 100; id == null; seq++) {
            for (char check : "0123456789X".toCharArray()) {
                String candidate = "11010519800101" + seq + check;
                if (ResidentId.isValid(candidate) && BankCardDetector.luhnValid(candidate)) {
                    id = candidate;
                }
            }
        }
        String text = "证件 " + id;
        assertEquals(List.of(new Finding(PiiType.RESIDENT_ID, 3, 21, id)), scanner.scan(text));
    }

    @Test
    void emailWhoseLocalPartIsAMobileIsAnEmail() {
        String text = "邮箱 13812345678@163.com 或电话 13812345678";
        assertEquals("邮箱 [EMAIL] 或电话 [MOBILE]", scanner.redact(text));
    }

    @Test
    void longestCandidateWinsThenTheMoreSpecificType() {
        Finding email = new Finding(PiiType.EMAIL, 0, 20, "x".repeat(20));
        Finding id = new Finding(PiiType.RESIDENT_ID, 2, 20, "y".repeat(18));
        Finding card = new Finding(PiiType.BANK_CARD, 30, 48, "z".repeat(18));
        Finding uscc = new Finding(PiiType.USCC, 30, 48, "z".repeat(18));
        Finding mobile = new Finding(PiiType.MOBILE, 47, 58, "w".repeat(11));
        PiiDetector fixed = new PiiDetector() {
            @Override
            public java.util.Set<PiiType> types() {
                return EnumSet.allOf(PiiType.class);
            }

            @Override
            public List<Finding> detect(String text) {
                List<Finding> all = new ArrayList<>(List.of(email, id, card, uscc, mobile));
                Collections.shuffle(all, new Random(text.length()));
                return all;
            }
        };
        for (int n = 0; n < 20; n++) {
            assertEquals(List.of(email, uscc), new PiiScanner(List.of(fixed)).scan("-".repeat(60 + n)));
        }
    }

    @ParameterizedTest(name = "card not carved out of {0}")
    @ValueSource(strings = { "62284800123456710", "6228 4800 1234 5671 2222", "1 6228 4800 1234 5671",
            "6228-4800-1234-5671-2222", "62284800123456717777" })
    void cardIsNotCarvedOutOfALongerNumber(String text) {
        assertTrue(scanner.scan(text).stream().noneMatch(f -> f.type() == PiiType.BANK_CARD),
                () -> scanner.scan(text).toString());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "卡号：6217 0000 0000 0000 004。| 卡号：[BANK_CARD]。",
            "card 6217-0000-0000-0000-004 today | card [BANK_CARD] today",
            "card 4111111111111111 and 4111 1111 1111 1111 | card [BANK_CARD] and [BANK_CARD]",
            "mixed 4111 1111-1111 1111 | mixed 4111 1111-1111 1111",
            "身份证号11010519491231002x，谢谢 | 身份证号[RESIDENT_ID]，谢谢",
            "ID:440304200112314566;ok | ID:[RESIDENT_ID];ok",
            "统一社会信用代码91110000600001234L（已核验） | 统一社会信用代码[USCC]（已核验）",
            "code X91110000600001234L | code X91110000600001234L",
            "code 91110000600001234l | code 91110000600001234l",
            "护照E12345678、G12345678 | 护照[PASSPORT]、[PASSPORT]",
            "no SEE12345678 or E123456789 | no SEE12345678 or E123456789",
            "通行证H12345678和M12345678 | 通行证[TRAVEL_PERMIT]和[TRAVEL_PERMIT]",
            "车牌京A12345学习 | 车牌[LICENCE_PLATE]学习",
            "车牌粤B1234警、苏E12345F、浙AF12345 | 车牌[LICENCE_PLATE]、[LICENCE_PLATE]、[LICENCE_PLATE]",
            "车牌京a12345、京AO1234、北京A1234 | 车牌京a12345、京AO1234、北京A1234",
            "tel. +1 650-253-0000 or 0755-86013388 | tel. [PHONE] or [LANDLINE]",
            "客服 400-810-8888 | 客服 [PHONE]",
            "11010519491231002X, 13812345678 | [RESIDENT_ID], [MOBILE]",
            "ref 2024 )13812345678 | ref 2024 )[MOBILE]",
            "138 1234 5678) 336479860129858 | [MOBILE]) [RESIDENT_ID]",
            "(13812345678，或 ( 13912345678 | ([MOBILE]，或 ( [MOBILE]",
            "电话(010) 6234 5678 | 电话[LANDLINE]",
            "编号 9999 1381 2345 678 | 编号 9999 1381 2345 678",
            "tel13812345678 | tel13812345678" })
    void redactsInContext(String text, String expected) {
        assertEquals(expected, scanner.redact(text));
    }

    @ParameterizedTest(name = "e-mail {0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "mail zhang@example.com. | mail [EMAIL].",
            "联系zhang_san@example.org办理 | 联系[EMAIL]办理",
            "(a.b-c+tag@sub.example.co.uk) | ([EMAIL])",
            "'li@example.cn' | '[EMAIL]'",
            "x@xn--fiqs8s.xn--fiqs8s | [EMAIL]",
            "o'brien@example.ie | o'[EMAIL]",
            "not a..b@example.com | not a..b@example.com",
            "not .a@example.com | not .a@example.com",
            "not a@example | not a@example",
            "not a@-example.com | not a@-example.com",
            "not a@example.c | not a@example.c",
            "not @example.com | not @example.com",
            "not a@example.com1 | not a@example.com1" })
    void emails(String text, String expected) {
        assertEquals(expected, scanner.redact(text));
    }

    @Test
    void overLongLocalPartIsNotAnAddress() {
        String text = "x".repeat(65) + "@example.com";
        assertEquals(text, scanner.redact(text));
        assertEquals("[EMAIL]", scanner.redact("x".repeat(64) + "@example.com"));
    }

    @Test
    void redactionNeverContainsTheOriginalValue() {
        for (String[] sample : SAMPLES) {
            for (String text : List.of(sample[0], "前" + sample[0] + "后", "see " + sample[0] + ".")) {
                String redacted = scanner.redact(text);
                assertFalse(redacted.contains(sample[0]), text);
                assertTrue(redacted.contains("[" + sample[1] + "]"), text + " → " + redacted);
            }
        }
    }

    @Test
    void redactRejectsFindingsThatDoNotFit() {
        Finding a = new Finding(PiiType.EMAIL, 0, 3, "abc");
        Finding b = new Finding(PiiType.EMAIL, 2, 4, "cd");
        assertThrows(IllegalArgumentException.class, () -> PiiScanner.redact("abcd", List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> PiiScanner.redact("ab", List.of(a)));
    }

    private static int luhnCheckDigit(String body) {
        for (int d = 0; d < 10; d++) {
            if (BankCardDetector.luhnValid(body + d)) {
                return d;
            }
        }
        throw new AssertionError();
    }
}
