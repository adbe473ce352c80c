package dev.sealgate.signing;

import dev.sealgate.formats.BaselineLevel;

/** The signature formats, packagings and levels SealGate produces, and which combinations exist. */
public final class SignatureFormat {

    public enum Format { CADES, PADES, JADES, OFD }

    public enum Packaging { DETACHED, ENVELOPING, ENVELOPED }

    public enum KeyKind { PERSONAL, SEAL }

    private SignatureFormat() {
    }

    /** The packaging a format uses when the request names none. */
    public static Packaging defaultPackaging(Format format) {
        return switch (format) {
            case CADES -> Packaging.DETACHED;
            case PADES -> Packaging.ENVELOPED;
            case JADES -> Packaging.ENVELOPING;
            case OFD -> Packaging.ENVELOPED;
        };
    }

    public static boolean supported(Format format, Packaging packaging, BaselineLevel level) {
        return switch (format) {
            case CADES -> packaging == Packaging.DETACHED || packaging == Packaging.ENVELOPING;
            case PADES -> packaging == Packaging.ENVELOPED;
            case JADES -> packaging != Packaging.ENVELOPED;
            // an OFD signature: B-B, or B-T for a seal whose SES_Signature carries a time-stamp of its value (GB/T 38540)
            case OFD -> packaging == Packaging.ENVELOPED && (level == BaselineLevel.B_B || level == BaselineLevel.B_T);
        };
    }
}
