package dev.sealgate.identity;

import java.util.List;

/** Realm roles SealGate acts on; role checks on resources name these constants. */
public final class Roles {

    public static final String CITIZEN = "citizen";
    public static final String CIVIL_SERVANT = "civil-servant";
    public static final String SIGNER = "signer";
    /** Keeps a department's seal: approves or rejects requests to use it. */
    public static final String SEAL_CUSTODIAN = "seal-custodian";
    public static final String PARTNER = "partner";
    public static final String AUDITOR = "auditor";

    /** In the order that decides a caller's kind when a token carries several. */
    public static final List<String> ALL = List.of(PARTNER, AUDITOR, CIVIL_SERVANT, SIGNER, SEAL_CUSTODIAN, CITIZEN);

    private Roles() {
    }
}
