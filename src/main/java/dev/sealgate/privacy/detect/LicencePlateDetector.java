package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mainland China vehicle licence plates: a province abbreviation (京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼),
 * the issuing authority's letter (A-Z without I and O), then one of
 * <ul>
 * <li>5 letters or digits (no I or O): ordinary plates, 京A12345;</li>
 * <li>4 letters or digits and a use character 学 警 挂 领 港 澳: coach, police, trailer, consular, Hong
 * Kong and Macao plates, 粤B1234学 (these plates carry 4 characters before the use character);</li>
 * <li>6 characters of a new-energy plate: {@code D} or {@code F}, a letter or digit and 4 digits for
 * small vehicles (沪AD12345), or 5 digits and {@code D} or {@code F} for large ones (苏E12345F).</li>
 * </ul>
 * Upper case; no Latin letter or digit may follow the plate, so 京A123456 is not a plate.
 */
public final class LicencePlateDetector implements PiiDetector {

    static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private static final String LETTER = "[A-HJ-NP-Z]";
    private static final String ALNUM = "[0-9A-HJ-NP-Z]";
    private static final Pattern PLATE = Pattern.compile("[" + PROVINCES + "]" + LETTER + "(?:[DF]" + ALNUM
            + "[0-9]{4}|[0-9]{5}[DF]|" + ALNUM + "{4}[学警挂领港澳]|" + ALNUM + "{5})(?![" + RegexScan.ALNUM + "])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.LICENCE_PLATE);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        RegexScan.collect(PLATE, text, firstCandidate(text), PiiType.LICENCE_PLATE, c -> true, out);
        return out;
    }

    /** Where a province abbreviation followed by a capital letter first stands, or -1. */
    private static int firstCandidate(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            char next = text.charAt(i + 1);
            if (next >= 'A' && next <= 'Z' && PROVINCES.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
