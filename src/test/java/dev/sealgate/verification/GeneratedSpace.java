package dev.sealgate.verification;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import dev.sealgate.testsupport.GeneratedPki;
import dev.sealgate.testsupport.GeneratedPki.Issued;
import dev.sealgate.testsupport.GeneratedPki.Role;

/**
 * A generator of CMS (CAdES) signatures over the axes that decide an EN 319 102-1 verdict: which
 * certificate is the trust anchor, the validity of the signer's and its issuer's certificates, the
 * revocation data embedded (none, CRL, OCSP from the CA, from a delegated responder with or without
 * id-pkix-ocsp-nocheck, from an expired responder; when it was issued; what it says), revocation data
 * for the CA, the signature time-stamp (none, valid, its TSA expired or untrusted, its imprint broken),
 * algorithms (SHA-1, RSA-1024), the signing-certificate reference and tampering. Everything is made with
 * BouncyCastle ({@link GeneratedPki}), nothing with SealGate's signers, and every time is relative to the
 * chosen validation time {@link #AT}.
 */
final class GeneratedSpace {

    /** Both validators judge "as of" this chosen time; every certificate and time in a scenario is placed relative to it. */
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    /** The signing time every scenario claims. */
    static final Instant SIGNED = AT.minus(Duration.ofDays(400));

    static final byte[] CONTENT = "Business licence 2026-0042 granted on Sunday\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM = "Sunday".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TO = "Monday".getBytes(StandardCharsets.US_ASCII);

    enum Anchor { ROOT_VIA_CA, ROOT, INTERMEDIATE, SIGNER, ROLLOVER }
    enum Validity { VALID, EXPIRED, NOT_YET_VALID_AT_SIGNING, NOT_YET_VALID }
    enum IssuerValidity { VALID, EXPIRED }
    enum RevocationKind { OCSP_BY_CA, NONE, CRL, OCSP_DELEGATED_NOCHECK, OCSP_DELEGATED, OCSP_RESPONDER_EXPIRED }
    enum RevocationTime { AFTER_SIGNING, BEFORE_CERTIFICATE, RECENT }
    enum Status { GOOD, REVOKED_BEFORE_SIGNING, REVOKED_AFTER_SIGNING }
    enum CaRevocation { CRL, NONE }
    enum TimeStamp { NONE, VALID, TSA_EXPIRED, TSA_UNTRUSTED, IMPRINT_BROKEN }
    enum Crypto { RSA2048_SHA256, EC256_SHA256, RSA2048_SHA1, RSA1024_SHA256 }
    enum Reference { V2, NONE, WRONG }
    enum Tamper { NONE, CONTENT, SIGNATURE_VALUE }
    enum CounterSignature { NONE, INTACT, BROKEN }

    /** One point of the space. */
    record Scenario(Anchor anchor, Validity signer, IssuerValidity issuer, RevocationKind revocation, RevocationTime revocationTime,
            Status status, CaRevocation caRevocation, TimeStamp timeStamp, Crypto crypto, Reference reference, Tamper tamper,
            CounterSignature counter) {

        Scenario(Anchor anchor, Validity signer, IssuerValidity issuer, RevocationKind revocation, RevocationTime revocationTime,
                Status status, CaRevocation caRevocation, TimeStamp timeStamp, Crypto crypto, Reference reference, Tamper tamper) {
            this(anchor, signer, issuer, revocation, revocationTime, status, caRevocation, timeStamp, crypto, reference, tamper,
                    CounterSignature.NONE);
        }

        static Scenario random(Random random) {
            return new Scenario(pick(random, Anchor.values()), pick(random, Validity.values()), pick(random, IssuerValidity.values()),
                    pick(random, RevocationKind.values()), pick(random, RevocationTime.values()), pick(random, Status.values()),
                    pick(random, CaRevocation.values()), pick(random, TimeStamp.values()), pick(random, Crypto.values()),
                    // most signatures are well formed: the broken ones are a few of each
                    random.nextInt(3) == 0 ? pick(random, Reference.values()) : Reference.V2,
                    random.nextInt(3) == 0 ? pick(random, Tamper.values()) : Tamper.NONE,
                    random.nextInt(3) == 0 ? pick(random, CounterSignature.values()) : CounterSignature.NONE).normalised();
        }

        /** Axes that cannot apply are set to their first value, so that equal scenarios are equal records. */
        Scenario normalised() {
            boolean selfSigned = anchor == Anchor.SIGNER;
            RevocationKind kind = selfSigned ? RevocationKind.OCSP_BY_CA : revocation;
            boolean none = kind == RevocationKind.NONE || selfSigned;
            return new Scenario(anchor, signer, selfSigned ? IssuerValidity.VALID : issuer, kind,
                    none ? RevocationTime.AFTER_SIGNING : revocationTime, none ? Status.GOOD : status,
                    anchor == Anchor.ROOT_VIA_CA || anchor == Anchor.ROLLOVER || timeStamp != TimeStamp.NONE ? caRevocation
                            : CaRevocation.CRL, timeStamp,
                    crypto, reference, tamper, counter);
        }

        @Override
        public String toString() {
            boolean none = revocation == RevocationKind.NONE || anchor == Anchor.SIGNER;
            return "anchor=" + anchor + " signer=" + signer + " issuer=" + issuer + " revocation=" + (anchor == Anchor.SIGNER ? "-" : revocation)
                    + (none ? "" : "@" + revocationTime + "/" + status) + " caRevocation=" + caRevocation
                    + " ts=" + timeStamp + " " + crypto + " ref=" + reference + " tamper=" + tamper
                    + (counter == CounterSignature.NONE ? "" : " counter=" + counter);
        }
    }

    /** The axis's first (ordinary) value half the time, else any: scenarios with one, two or three things wrong. */
    private static <T> T pick(Random random, T[] values) {
        return random.nextBoolean() ? values[0] : values[random.nextInt(values.length)];
    }

    /** A signed file and the certificates both validators trust. */
    record Made(byte[] signed, List<X509Certificate> anchors) {
    }

    /** Keys made once per run: key generation is the slow part, and a key may serve in many scenarios' certificates. */
    private static final class Keys {
        static final KeyPair ROOT = GeneratedPki.keys("RSA-2048");
        static final KeyPair CA = GeneratedPki.keys("RSA-2048");
        static final KeyPair ROOT_G2 = GeneratedPki.keys("RSA-2048");
        static final KeyPair RESPONDER = GeneratedPki.keys("EC-P256");
        static final KeyPair TSA_ROOT = GeneratedPki.keys("RSA-2048");
        static final KeyPair TSA = GeneratedPki.keys("EC-P256");
        static final KeyPair STRANGER = GeneratedPki.keys("RSA-2048");
        static final KeyPair SIGNER_RSA = GeneratedPki.keys("RSA-2048");
        static final KeyPair SIGNER_RSA_1024 = GeneratedPki.keys("RSA-1024");
        static final KeyPair SIGNER_EC = GeneratedPki.keys("EC-P256");
    }

    /**
     * A trusted TSA for document time-stamps (valid throughout), under its own root: the unit first, the root second. The
     * root is one of the anchors a scenario with a signature time-stamp trusts too.
     */
    static List<Issued> documentTsa(Random random) {
        Issued root = GeneratedPki.issue("TSA root", Keys.TSA_ROOT, null, Role.CA, days(AT, -5000), days(AT, 5000), random, "SHA256");
        Issued unit = GeneratedPki.issue("Document time-stamping unit", Keys.TSA, root, Role.TSA, days(AT, -2000), days(AT, 2000), random,
                "SHA256");
        return List.of(unit, root);
    }

    private static Instant days(Instant from, long days) {
        return from.plus(Duration.ofDays(days));
    }

    /** Makes the scenario's PKI, revocation data, time-stamp and signature; {@code random} gives serial numbers. */
    static Made make(Scenario s, Random random) throws Exception {
        Material m = material(s, random);
        byte[] signed = sign(s, m.signer(), m.digest(), m.carried(), m.crls(), m.ocsps(), m.tsa(), m.tsaRoot(), CONTENT, true);
        return new Made(tamper(s.tamper(), signed), m.anchors());
    }

    /** What a scenario's signature is made with: its signer, the certificates and revocation data it carries, its TSA. */
    record Material(Issued signer, String digest, List<X509Certificate> carried, List<X509CRL> crls, List<byte[]> ocsps, Issued tsa,
            Issued tsaRoot, List<X509Certificate> anchors) {
    }

    static Material material(Scenario s, Random random) throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> carried = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        List<byte[]> ocsps = new ArrayList<>();

        // the signer's issuer: valid from long before the signature; EXPIRED ends after the signing time, before AT
        Instant issuerEnd = s.issuer() == IssuerValidity.VALID ? days(AT, 3650) : days(AT, -50);
        Issued root = null;
        Issued issuer = null;
        Issued rollover = null;
        switch (s.anchor()) {
            case SIGNER -> {
            }
            case ROOT -> {
                root = GeneratedPki.issue("Root", Keys.ROOT, null, Role.CA, days(AT, -4000), issuerEnd, random, "SHA256");
                issuer = root;
                anchors.add(root.certificate());
            }
            case ROLLOVER -> {
                // two generations of a root: the relying party trusts the old one; the issuing CA is under the new one, whose
                // key the old root certified in a link certificate, which the signature carries (not the new root's
                // self-signed certificate: EU DSS 6.4 does not search past it, and a path through it is not trusted)
                root = GeneratedPki.issue("Root", Keys.ROOT, null, Role.CA, days(AT, -5000), days(AT, 5000), random, "SHA256");
                Issued newRoot = GeneratedPki.issue("Root G2", Keys.ROOT_G2, null, Role.CA, days(AT, -3500), days(AT, 6000), random,
                        "SHA256");
                Issued link = GeneratedPki.issue("Root G2", Keys.ROOT_G2, root, Role.CA, days(AT, -3500), days(AT, 5000), random, "SHA256");
                issuer = GeneratedPki.issue("Issuing CA", Keys.CA, newRoot, Role.CA, days(AT, -3000), issuerEnd, random, "SHA256");
                anchors.add(root.certificate());
                carried.add(issuer.certificate());
                carried.add(link.certificate());
                rollover = newRoot;
            }
            case ROOT_VIA_CA, INTERMEDIATE -> {
                root = GeneratedPki.issue("Root", Keys.ROOT, null, Role.CA, days(AT, -5000), days(AT, 5000), random, "SHA256");
                issuer = GeneratedPki.issue("Issuing CA", Keys.CA, root, Role.CA, days(AT, -3000), issuerEnd, random, "SHA256");
                anchors.add(s.anchor() == Anchor.ROOT_VIA_CA ? root.certificate() : issuer.certificate());
                carried.add(issuer.certificate());
                carried.add(root.certificate());
            }
        }

        KeyPair signerKeys = switch (s.crypto()) {
            case RSA2048_SHA256, RSA2048_SHA1 -> Keys.SIGNER_RSA;
            case EC256_SHA256 -> Keys.SIGNER_EC;
            case RSA1024_SHA256 -> Keys.SIGNER_RSA_1024;
        };
        String digest = s.crypto() == Crypto.RSA2048_SHA1 ? "SHA1" : "SHA256";
        Instant notBefore = switch (s.signer()) {
            case VALID, EXPIRED -> days(AT, -1000);
            case NOT_YET_VALID_AT_SIGNING -> days(SIGNED, 10);
            case NOT_YET_VALID -> days(AT, 10);
        };
        Instant notAfter = switch (s.signer()) {
            case EXPIRED -> days(AT, -100);
            case NOT_YET_VALID -> days(AT, 400);
            default -> days(AT, 365);
        };
        Issued signer = GeneratedPki.issue("Signer", signerKeys, issuer, Role.SIGNER, notBefore, notAfter, random, "SHA256");
        if (s.anchor() == Anchor.SIGNER) {
            anchors.add(signer.certificate());
        }

        // the signer's revocation data
        if (s.revocation() != RevocationKind.NONE && s.anchor() != Anchor.SIGNER) {
            Instant revokedAt = switch (s.status()) {
                case GOOD -> null;
                case REVOKED_BEFORE_SIGNING -> days(SIGNED, -30);
                case REVOKED_AFTER_SIGNING -> days(SIGNED, 30);
            };
            Instant issued = switch (s.revocationTime()) {
                case AFTER_SIGNING -> SIGNED.plus(Duration.ofHours(1));
                case BEFORE_CERTIFICATE -> days(notBefore, -1);
                case RECENT -> days(AT, -10);
            };
            if (revokedAt != null && !issued.isAfter(revokedAt)) {
                issued = days(revokedAt, 1);
            }
            Instant next = days(issued, 7);
            switch (s.revocation()) {
                case CRL -> crls.add(GeneratedPki.crl(issuer, issued, next,
                        revokedAt == null ? Map.of() : Map.of(signer.certificate().getSerialNumber(), revokedAt)));
                case OCSP_BY_CA -> ocsps.add(GeneratedPki.ocsp(issuer, signer.certificate(), issuer.certificate(), issued, issued, next,
                        revokedAt));
                case OCSP_DELEGATED, OCSP_DELEGATED_NOCHECK, OCSP_RESPONDER_EXPIRED -> {
                    Role role = s.revocation() == RevocationKind.OCSP_DELEGATED ? Role.OCSP_RESPONDER : Role.OCSP_RESPONDER_NOCHECK;
                    Instant responderEnd = s.revocation() == RevocationKind.OCSP_RESPONDER_EXPIRED ? days(AT, -5) : days(AT, 1000);
                    Issued responder = GeneratedPki.issue("OCSP responder", Keys.RESPONDER, issuer, role, days(AT, -2000), responderEnd,
                            random, "SHA256");
                    ocsps.add(GeneratedPki.ocsp(responder, signer.certificate(), issuer.certificate(), issued, issued, next, revokedAt));
                }
                default -> {
                }
            }
        }

        // the signature time-stamp's TSA: under its own trusted root (or an untrusted one)
        Issued tsaRoot = null;
        Issued tsa = null;
        if (s.timeStamp() != TimeStamp.NONE) {
            boolean trusted = s.timeStamp() != TimeStamp.TSA_UNTRUSTED;
            tsaRoot = GeneratedPki.issue(trusted ? "TSA root" : "Unknown TSA root", trusted ? Keys.TSA_ROOT : Keys.STRANGER, null, Role.CA,
                    days(AT, -5000), days(AT, 5000), random, "SHA256");
            tsa = GeneratedPki.issue("Time-stamping unit", Keys.TSA, tsaRoot, Role.TSA, days(AT, -2000),
                    s.timeStamp() == TimeStamp.TSA_EXPIRED ? days(AT, -30) : days(AT, 2000), random, "SHA256");
            if (trusted) {
                anchors.add(tsaRoot.certificate());
            }
        }

        // revocation data for the CA certificates (issued by the root, after the signing time)
        if (s.caRevocation() == CaRevocation.CRL) {
            Instant issued = SIGNED.plus(Duration.ofHours(2));
            if (s.anchor() == Anchor.ROOT_VIA_CA || s.anchor() == Anchor.ROLLOVER) {
                crls.add(GeneratedPki.crl(root, issued, days(issued, 30), Map.of()));
            }
            if (rollover != null) {
                crls.add(GeneratedPki.crl(rollover, issued, days(issued, 30), Map.of()));
            }
            if (tsaRoot != null) {
                crls.add(GeneratedPki.crl(tsaRoot, issued, days(issued, 30), Map.of()));
            }
        }

        return new Material(signer, digest, carried, crls, ocsps, tsa, tsaRoot, anchors);
    }

    /** A CMS SignedData over {@code content}, attached or detached (PAdES: no signing-time attribute, the PDF's /M states it). */
    static byte[] sign(Scenario s, Issued signer, String digest, List<X509Certificate> carried, List<X509CRL> crls,
            List<byte[]> ocsps, Issued tsa, Issued tsaRoot, byte[] content, boolean attached) throws Exception {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        if (attached) {
            attributes.add(new Attribute(CMSAttributesSigningTime.OID, new DERSet(new Time(Date.from(SIGNED)))));
        }
        if (s.reference() != Reference.NONE) {
            X509Certificate referenced = s.reference() == Reference.V2 || carried.isEmpty() ? signer.certificate() : carried.get(0);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(referenced.getEncoded());
            if (s.reference() == Reference.WRONG && carried.isEmpty()) {
                hash[0] ^= 1;
            }
            IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                    X500Name.getInstance(referenced.getIssuerX500Principal().getEncoded()))), referenced.getSerialNumber());
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(
                    new ESSCertIDv2[] {new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, issuerSerial)}))));
        }
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)) {
                    @Override
                    public AttributeTable getAttributes(@SuppressWarnings("rawtypes") Map parameters) {
                        // BouncyCastle adds the current time as signing-time when none is given: a PDF's states it in /M
                        AttributeTable table = super.getAttributes(parameters);
                        return attached ? table : table.remove(CMSAttributesSigningTime.OID);
                    }
                })
                .build(new JcaContentSignerBuilder(GeneratedPki.algorithm(signer.key(), digest)).build(signer.key()), signer.certificate()));
        List<X509Certificate> certificates = new ArrayList<>();
        certificates.add(signer.certificate());
        certificates.addAll(carried);
        generator.addCertificates(new JcaCertStore(certificates));
        for (X509CRL crl : crls) {
            generator.addCRL(new JcaX509CRLHolder(crl));
        }
        for (byte[] ocsp : ocsps) {
            generator.addOtherRevocationInfo(CMSObjectIdentifiers.id_ri_ocsp_response, OCSPResponse.getInstance(ocsp));
        }
        CMSSignedData data = generator.generate(new CMSProcessableByteArray(content), attached);
        SignerInformation info = data.getSignerInfos().getSigners().iterator().next();
        if (tsa == null) {
            return counterSign(s, data, info, signer, digest).getEncoded();
        }
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(info.getSignature());
        if (s.timeStamp() == TimeStamp.IMPRINT_BROKEN) {
            imprint[0] ^= 1;
        }
        TimeStampToken token = timeStamp(tsa, tsaRoot, imprint, SIGNED.plusSeconds(60));
        AttributeTable unsigned = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(token.toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(info, unsigned);
        return counterSign(s, CMSSignedData.replaceSigners(data, new SignerInformationStore(stamped)), stamped, signer, digest).getEncoded();
    }

    /**
     * The scenario's counter-signature (RFC 5652 11.4, by the same signer ten minutes later, with its own signing time and
     * signing-certificate reference) added to {@code info}, intact or with its signature value broken.
     */
    private static CMSSignedData counterSign(Scenario s, CMSSignedData data, SignerInformation info, Issued signer, String digest)
            throws Exception {
        if (s.counter() == CounterSignature.NONE) {
            return data;
        }
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributesSigningTime.OID, new DERSet(new Time(Date.from(SIGNED.plusSeconds(600))))));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded());
        attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(
                new ESSCertIDv2[] {new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash)}))));
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                .build(new JcaContentSignerBuilder(GeneratedPki.algorithm(signer.key(), digest)).build(signer.key()), signer.certificate()));
        SignerInformationStore counters = generator.generateCounterSigners(info);
        SignerInformation countered = SignerInformation.addCounterSigners(info, counters);
        byte[] encoded = CMSSignedData.replaceSigners(data, new SignerInformationStore(countered)).getEncoded();
        if (s.counter() == CounterSignature.BROKEN) {
            byte[] value = counters.getSigners().iterator().next().getSignature();
            byte[] flipped = value.clone();
            flipped[flipped.length - 1] ^= 0x01;
            encoded = replaceOnce(encoded, value, flipped);
        }
        return new CMSSignedData(encoded);
    }

    private static final class CMSAttributesSigningTime {
        static final ASN1ObjectIdentifier OID = PKCSObjectIdentifiers.pkcs_9_at_signingTime;
    }

    /** An RFC 3161 token over {@code imprint} (SHA-256) at {@code time}, carrying the TSA's certificate and its root's. */
    static TimeStampToken timeStamp(Issued tsa, Issued tsaRoot, byte[] imprint, Instant time) throws Exception {
        return timeStamp(tsa, tsaRoot, TSPAlgorithms.SHA256, imprint, time);
    }

    /** The same over an imprint of {@code digest} (an OID of TSPAlgorithms). */
    static TimeStampToken timeStamp(Issued tsa, Issued tsaRoot, ASN1ObjectIdentifier digest, byte[] imprint, Instant time) throws Exception {
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build(GeneratedPki.algorithm(tsa.key(), "SHA256"), tsa.key(), tsa.certificate()),
                new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier("1.2.156.1.2.3"));
        generator.addCertificates(new JcaCertStore(List.of(tsa.certificate(), tsaRoot.certificate())));
        TimeStampRequestGenerator request = new TimeStampRequestGenerator();
        request.setCertReq(true);
        return generator.generate(request.generate(digest, imprint),
                BigInteger.valueOf(time.getEpochSecond()), Date.from(time));
    }

    private static byte[] tamper(Tamper tamper, byte[] signed) throws Exception {
        return switch (tamper) {
            case NONE -> signed;
            case CONTENT -> replaceOnce(signed, FROM, TO);
            case SIGNATURE_VALUE -> {
                byte[] value = new CMSSignedData(signed).getSignerInfos().getSigners().iterator().next().getSignature();
                byte[] flipped = value.clone();
                flipped[flipped.length - 1] ^= 0x01;
                yield replaceOnce(signed, value, flipped);
            }
        };
    }

    static byte[] replaceOnce(byte[] in, byte[] from, byte[] to) {
        byte[] out = in.clone();
        for (int i = 0; i + from.length <= in.length; i++) {
            if (java.util.Arrays.equals(in, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, i, to.length);
                return out;
            }
        }
        throw new IllegalStateException("nothing to replace");
    }

    /** {@code count} distinct scenarios drawn from {@code seed}, each with the seed of its own material. */
    static <S> Map<S, Long> draw(long seed, int count, java.util.function.Function<Random, S> scenario) {
        Random random = new Random(seed);
        Map<S, Long> scenarios = new LinkedHashMap<>();
        int attempts = 0;
        while (scenarios.size() < count && attempts++ < count * 50) {
            scenarios.putIfAbsent(scenario.apply(random), random.nextLong());
        }
        return scenarios;
    }

    static Map<Scenario, Long> draw(long seed, int count) {
        return draw(seed, count, Scenario::random);
    }

    private GeneratedSpace() {
    }
}
