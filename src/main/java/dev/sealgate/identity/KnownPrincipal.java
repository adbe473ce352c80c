package dev.sealgate.identity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A Keycloak identity that has called SealGate: the gateway's own record of who it has seen, by kind
 * and department, used to bind certificates and disclosures to a subject. Holds no personal data
 * beyond the username.
 */
@Entity
@Table(name = "principal")
public class KnownPrincipal extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 64)
    public String subject;

    @Column(nullable = false)
    public String username;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public PrincipalKind kind;

    @Column(length = 64)
    public String department;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_changed", nullable = false)
    public Instant lastChanged;

    public static KnownPrincipal findBySubject(String subject) {
        return find("subject", subject).firstResult();
    }
}
