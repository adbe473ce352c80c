package dev.sealgate.pki;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One certificate issued by the issuing CA; the register behind the CRL and OCSP answers. */
@Entity
@Table(name = "issued_certificate")
public class IssuedCertificate extends PanacheEntityBase {

    public enum Kind { PERSONAL, SEAL, TSA, OCSP, AUDIT, SEAL_MAKER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Lower-case hex, no leading zeros. */
    @Column(nullable = false, unique = true, length = 64)
    public String serial;

    @Column(name = "subject_dn", nullable = false, length = 512)
    public String subjectDn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Kind kind;

    @Column(name = "key_alias", nullable = false, length = 128)
    public String keyAlias;

    @Column(name = "keycloak_subject", length = 64)
    public String keycloakSubject;

    @Column(length = 64)
    public String department;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    @Column(name = "not_after", nullable = false)
    public Instant notAfter;

    /** The certificate, base64 DER. */
    @Column(nullable = false, length = 12000)
    public String der;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revocation_reason")
    public Integer revocationReason;

    @Column(name = "revoked_by")
    public String revokedBy;

    public boolean revoked() {
        return revokedAt != null;
    }

    public static IssuedCertificate findBySerial(String serial) {
        return find("serial", serial).firstResult();
    }

    public static List<IssuedCertificate> findRevoked() {
        return list("revokedAt is not null order by revokedAt");
    }

    public static List<IssuedCertificate> findActivePersonal(String keycloakSubject) {
        return list("keycloakSubject = ?1 and kind = ?2 and revokedAt is null order by notBefore desc",
                keycloakSubject, Kind.PERSONAL);
    }
}
