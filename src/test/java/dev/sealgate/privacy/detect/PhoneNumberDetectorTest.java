package dev.sealgate.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** The bound the detector's pre-scan relies on, checked against libphonenumber's metadata. */
class PhoneNumberDetectorTest {

    @Test
    void noNumberWithFewerDigitsThanTheBoundIsValid() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (int length = 1; length < PhoneNumberDetector.MIN_DIGITS; length++) {
            int count = (int) Math.pow(10, length);
            for (int i = 0; i < count; i++) {
                String digits = String.format("%0" + length + "d", i);
                for (String candidate : new String[] { digits, "+" + digits }) {
                    assertFalse(util.findNumbers(candidate, "CN", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).iterator().hasNext(),
                            candidate);
                }
            }
        }
    }

    @Test
    void numbersBetweenHanCharactersAreFoundOnlyWhereValid() {
        var findings = new PhoneNumberDetector().detect("联系电话 13812345678，身份证 11010519491231002X，社保卡 6217000000000000004，备注 123");
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(PiiType.MOBILE, findings.get(0).type());
    }
}
