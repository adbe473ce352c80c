package dev.sealgate.signing;

/** The signature formats, packagings and levels SealGate produces, and which combinations exist. */
public final class SignatureFormat {

    public enum Format { CADES, PADES, JADES }

    public enum Packaging { DETACHED, ENVELOPING, ENVELOPED }

    public enum Level {
        B_B("B-B"), B_T("B-T"), B_LT("B-LT"), B_LTA("B-LTA");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether this level carries validation data (B-LT and above). */
        public boolean longTerm() {
            return this == B_LT || this == B_LTA;
        }

        public static Level of(String label) {
            for (Level level : values()) {
                if (level.label.equalsIgnoreCase(label)) {
                    return level;
                }
            }
            return null;
        }
    }

    public enum KeyKind { PERSONAL, SEAL }

    private SignatureFormat() {
    }

    /** The packaging a format uses when the request names none. */
    public static Packaging defaultPackaging(Format format) {
        return switch (format) {
            case CADES -> Packaging.DETACHED;
            case PADES -> Packaging.ENVELOPED;
            case JADES -> Packaging.ENVELOPING;
        };
    }

    public static boolean supported(Format format, Packaging packaging, Level level) {
        return switch (format) {
            case CADES -> packaging == Packaging.DETACHED || packaging == Packaging.ENVELOPING;
            case PADES -> packaging == Packaging.ENVELOPED;
            case JADES -> packaging != Packaging.ENVELOPED;
        };
    }
}
