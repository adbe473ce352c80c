package dev.sealgate.verification.report;

/** EN 319 102-1 main indications, ordered from best to worst. */
public enum Indication {
    TOTAL_PASSED("有效", "Valid"), INDETERMINATE("无法确认", "Could not be confirmed"), TOTAL_FAILED("无效", "Not valid");

    private final String chinese;
    private final String english;

    Indication(String chinese, String english) {
        this.chinese = chinese;
        this.english = english;
    }

    /**
     * The verdict in words, the same wherever a person reads it: the public pages, the PDF report and
     * the JSON report's {@code verdict}.
     */
    public String words(boolean inChinese) {
        return inChinese ? chinese : english;
    }

    /** Both languages, Chinese first: {@code 有效 / Valid}. */
    public String words() {
        return chinese + " / " + english;
    }

    public static Indication worst(Indication a, Indication b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
