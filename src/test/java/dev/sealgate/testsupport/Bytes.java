package dev.sealgate.testsupport;

/** Byte-array search for tests that tamper with signatures at a known place. */
public final class Bytes {

    private Bytes() {
    }

    /** The first index of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The first index of {@code needle} in {@code haystack}; fails when absent. */
    public static int position(byte[] haystack, byte[] needle) {
        int at = indexOf(haystack, needle);
        if (at < 0) {
            throw new IllegalStateException("bytes not found");
        }
        return at;
    }
}
