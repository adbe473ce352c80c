package dev.sealgate.formats;

/**
 * The names of the signature formats, packagings and key kinds (the API's parameters, a signature record's columns);
 * what each format makes is its plug-in's ({@link DocumentFormat#makes}).
 */
public final class SignatureFormat {

    /** One constant per format plug-in ({@link DocumentFormat#id()}). */
    public enum Format { CADES, PADES, JADES, OFD }

    public enum Packaging { DETACHED, ENVELOPING, ENVELOPED }

    public enum KeyKind { PERSONAL, SEAL }

    private SignatureFormat() {
    }
}
