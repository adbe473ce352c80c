package dev.sealgate.crypto;

import java.util.Map;

import javax.security.auth.x500.X500Principal;

/** Distinguished names as people read them: serialNumber by name, not as a hex-encoded OID value. */
public final class Names {

    private static final Map<String, String> KEYWORDS = Map.of("2.5.4.5", "SERIALNUMBER", "1.2.840.113549.1.9.1", "EMAIL");

    private Names() {
    }

    public static String readable(X500Principal name) {
        return name.getName(X500Principal.RFC1779, KEYWORDS);
    }
}
