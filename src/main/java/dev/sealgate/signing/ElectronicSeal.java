package dev.sealgate.signing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A department's electronic seal (the DER {@code SESeal} and what is listed of it). */
@Entity
@Table(name = "electronic_seal")
public class ElectronicSeal extends PanacheEntityBase {

    /** The seal ID inside the seal (esID). */
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 64)
    public String department;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(name = "seal_type", nullable = false)
    public int type;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_to", nullable = false)
    public Instant validTo;

    /** The serial (lower-case hex) of the seal certificate the seal allows. */
    @Column(name = "certificate_serial", nullable = false, length = 64)
    public String certificateSerial;

    @Column(name = "maker_serial", nullable = false, length = 64)
    public String makerSerial;

    @Column(name = "picture_png", nullable = false)
    public byte[] picture;

    /** The DER SESeal, as it goes into {@code Seal.esl} and the signatures. */
    @Column(name = "sealed_der", nullable = false)
    public byte[] der;
}
