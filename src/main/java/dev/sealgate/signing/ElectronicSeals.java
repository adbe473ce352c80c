package dev.sealgate.signing;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.SealPicture;
import dev.sealgate.formats.SesSeal;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;

/**
 * The departments' electronic seals. The seal maker makes a department's seal the first time it is
 * needed — the configured name drawn as a red round seal, the department's SM2 seal certificate as
 * the one certificate allowed to use it — and a new one when the seal has less than a day of
 * validity left or no longer lists the department's current seal certificate. Seals are kept, so
 * the list shows earlier ones too.
 */
@ApplicationScoped
public class ElectronicSeals {

    private static final Logger LOG = Logger.getLogger(ElectronicSeals.class);

    private static final int PICTURE_PIXELS = 600;

    private static final SecureRandom IDS = new SecureRandom();

    @Inject
    SignerKeys keys;

    @Inject
    SigningSettings settings;

    private final ConcurrentHashMap<String, Object> making = new ConcurrentHashMap<>();

    /** A seal ready to use: the seal and the SM2 key whose certificate it lists. */
    public record InUse(ElectronicSeal seal, SignerKey key) {
    }

    /** The name on the department's seal; 403 {@code no-department-seal} when it has none. */
    public String name(String department) {
        String name = department == null ? null : settings.seals().names().get(department);
        if (name == null) {
            throw new ProblemException(ProblemType.NO_DEPARTMENT_SEAL,
                    "Your department has no electronic seal; sign with key=personal or ask an administrator.");
        }
        return name;
    }

    /** The seal the department seals with now, made when there is none that can be used. */
    public InUse current(String department) {
        String name = name(department);
        SignerKey key = keys.ofdSeal(department, name);
        String serial = CertificateAuthority.hex(key.certificate().getSerialNumber());
        synchronized (making.computeIfAbsent(department, d -> new Object())) {
            ElectronicSeal usable = QuarkusTransaction.requiringNew().call(() -> ElectronicSeal.<ElectronicSeal>find(
                    "department = ?1 and certificateSerial = ?2 and name = ?3 and validTo > ?4 order by createdAt desc",
                    department, serial, name, Instant.now().plusSeconds(86_400)).firstResult());
            if (usable != null) {
                return new InUse(usable, key);
            }
            ElectronicSeal made = make(department, name, key);
            QuarkusTransaction.requiringNew().run(made::persist);
            LOG.infof("Made electronic seal %s for department %s", made.id, department);
            return new InUse(made, key);
        }
    }

    /** A seal the department may use now by its ID: 404 when unknown, 403 for another department's seal. */
    public InUse chosen(String department, String sealId) {
        InUse current = current(department);
        if (current.seal().id.equals(sealId)) {
            return current;
        }
        ElectronicSeal seal = find(department, sealId);
        throw new ProblemException(ProblemType.INVALID_PARAMETER, "Seal " + seal.id
                + " is no longer in use (expired or made for an earlier seal certificate); seal with " + current.seal().id + ".");
    }

    /** A seal by its ID: 404 when unknown, 403 for another department's seal. */
    public ElectronicSeal find(String department, String sealId) {
        ElectronicSeal seal = sealId == null || sealId.length() > 64 ? null
                : QuarkusTransaction.requiringNew().call(() -> ElectronicSeal.<ElectronicSeal>findById(sealId));
        if (seal == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No electronic seal with that ID.");
        }
        if (!seal.department.equals(department)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "That seal belongs to another department.");
        }
        return seal;
    }

    /** The department's seals, newest first (the current one made first if there is none). */
    public List<ElectronicSeal> list(String department) {
        current(department);
        return QuarkusTransaction.requiringNew().call(
                () -> ElectronicSeal.<ElectronicSeal>find("department = ?1 order by createdAt desc", department).list());
    }

    private ElectronicSeal make(String department, String name, SignerKey key) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant validTo = now.atOffset(ZoneOffset.UTC).plus(settings.seals().validity()).toInstant();
        if (validTo.isAfter(key.certificate().getNotAfter().toInstant())) {
            validTo = key.certificate().getNotAfter().toInstant();
        }
        byte[] random = new byte[6];
        IDS.nextBytes(random);
        String id = "SG" + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now)
                + HexFormat.of().withUpperCase().formatHex(random);
        byte[] picture = SealPicture.png(name, null, PICTURE_PIXELS);
        SignerKey maker = keys.sealMaker();
        byte[] der = SesSeal.make(new SesSeal.Info(id, name, SesSeal.OFFICIAL, key.certificate(), now, now, validTo, picture,
                settings.seals().diameterMm()), maker);
        ElectronicSeal seal = new ElectronicSeal();
        seal.id = id;
        seal.department = department;
        seal.name = name;
        seal.type = SesSeal.OFFICIAL;
        seal.createdAt = now;
        seal.validFrom = now;
        seal.validTo = validTo;
        seal.certificateSerial = CertificateAuthority.hex(key.certificate().getSerialNumber());
        seal.makerSerial = CertificateAuthority.hex(maker.certificate().getSerialNumber());
        seal.picture = picture;
        seal.der = der;
        return seal;
    }
}
