package dev.sealgate.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The 18-character resident identity number of GB 11643-1999: a province code, a real birth date,
 * and an ISO 7064 MOD 11-2 check character. The 15-digit numbers issued before it (6-digit region,
 * YYMMDD birth date in the 1900s, 3-digit sequence, no check character) are accepted through
 * {@link #isValidLegacy(String)} and converted by {@link #upgradeLegacy(String)}.
 */
public final class ResidentId {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
            41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82);

    private ResidentId() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        if (Character.toUpperCase(id.charAt(17)) != CHECK[sum % 11]) {
            return false;
        }
        if (!PROVINCES.contains(Integer.parseInt(id.substring(0, 2)))) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code id} is a valid 15-digit legacy number: a region code with a valid province, a real
     * 19YYMMDD birth date and a 3-digit sequence (the same rules as its 18-character upgrade).
     */
    public static boolean isValidLegacy(String id) {
        return isDigits(id, 15) && isValid(upgradeLegacy(id));
    }

    /**
     * The 18-character form of a 15-digit legacy number: {@code 19} inserted before the two-digit year
     * and the check character appended. Only the shape is checked here, not the province or the date.
     *
     * @throws IllegalArgumentException if {@code id} is not exactly 15 ASCII digits
     */
    public static String upgradeLegacy(String id) {
        if (!isDigits(id, 15)) {
            throw new IllegalArgumentException("a legacy resident ID has 15 digits");
        }
        String first17 = id.substring(0, 6) + "19" + id.substring(6);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK[sum % 11];
    }

    private static boolean isDigits(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
