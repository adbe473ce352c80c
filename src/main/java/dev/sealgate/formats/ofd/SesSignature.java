package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERSequence;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.ParsedCertificates;
import dev.sealgate.crypto.Sm2Signatures;

/**
 * An electronic signature of an OFD document ({@code SignedValue.dat}): the {@code SES_Signature} of
 * GB/T 38540-2020 (version 4) or of GM/T 0031-2014 (version 1, where the signer's certificate and the
 * algorithm sit inside the signed part), with the electronic seal ({@code SESeal}) it carries.
 *
 * @param signed         the DER of what the signer signed ({@code TBS_Sign})
 * @param dataHash       the SM3 digest of the protected {@code Signature.xml} the signature states
 * @param propertyInfo   the path of that {@code Signature.xml} inside the package
 * @param seal           the seal, or null for a signature without one
 * @param timeStamp      the DER RFC 3161 token over the signature value (V4 {@code timeStamp [0]}), or null
 * @param sealDer        the DER of the seal as signed, which a {@code Seal.esl} beside the signature must equal
 */
record SesSignature(int version, byte[] signed, X509Certificate signer, ASN1ObjectIdentifier algorithm, byte[] signature,
        Instant signingTime, byte[] dataHash, String propertyInfo, Seal seal, byte[] timeStamp, byte[] sealDer) {

    /**
     * An electronic seal: its maker's signature over the seal information, the seal's identity and
     * validity, the certificates allowed to use it, and its picture.
     */
    record Seal(int version, String id, String name, int type, Instant validFrom, Instant validTo, List<AllowedSigner> certificates,
            String pictureType, byte[] picture, List<byte[]> signed, X509Certificate maker, ASN1ObjectIdentifier algorithm,
            byte[] signature) {

        /**
         * Whether the seal maker's SM2 signature over the seal verifies: over the DER of {@code SES_SealInfo}
         * (what ofdrw and gomain_eseal sign) or of {@code SEQUENCE { eSealInfo, cert, signAlgID }} (GB/T 38540's
         * and GM/T 0031's text); both bind the seal information.
         */
        boolean makerSignatureValid() {
            return Sm2Signatures.isSm2Algorithm(algorithm) && signed.stream().anyMatch(data -> Sm2Signatures.verifies(maker, data, signature));
        }

        /** Whether {@code certificate} is one of those the seal lists as allowed to use it (by itself or by its digest). */
        boolean allows(X509Certificate certificate) {
            try {
                byte[] der = certificate.getEncoded();
                return certificates.stream().anyMatch(allowed -> allowed.matches(der));
            } catch (java.security.cert.CertificateEncodingException e) {
                return false;
            }
        }
    }

    /**
     * One entry of a seal's list of signers (GB/T 38540 {@code certListType} 1, a certificate; 2, a
     * {@code CertDigestObj}: the digest of one, with its algorithm's name).
     *
     * @param digestAlgorithm null for a whole certificate
     */
    record AllowedSigner(byte[] value, String digestAlgorithm) {

        boolean matches(byte[] certificate) {
            if (digestAlgorithm == null) {
                return java.util.Arrays.equals(value, certificate);
            }
            String name = switch (digestAlgorithm.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "")) {
                case "SM3", "1.2.156.10197.1.401" -> "SM3";
                case "SHA256", "2.16.840.1.101.3.4.2.1" -> "SHA-256";
                case "SHA1", "1.3.14.3.2.26" -> "SHA-1";
                default -> null;
            };
            try {
                return name != null && java.util.Arrays.equals(value,
                        java.security.MessageDigest.getInstance(name, CryptoProviders.bc()).digest(certificate));
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        }
    }

    /** Whether the signer's signature over {@code TBS_Sign} verifies. */
    boolean signatureValid() {
        return Sm2Signatures.isSm2Algorithm(algorithm) && Sm2Signatures.verifies(signer, signed, signature);
    }

    static SesSignature parse(byte[] der) throws MalformedSignatureException {
        try {
            ASN1Sequence root = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            ASN1Sequence toSign = ASN1Sequence.getInstance(root.getObjectAt(0));
            int version = ASN1Integer.getInstance(toSign.getObjectAt(0)).intValueExact();
            Seal seal = seal(ASN1Sequence.getInstance(toSign.getObjectAt(1)));
            byte[] sealDer = toSign.getObjectAt(1).toASN1Primitive().getEncoded(ASN1Encoding.DER);
            byte[] signed = toSign.getEncoded(ASN1Encoding.DER);
            if (version >= 4) {
                // TBS_Sign ::= SEQUENCE { version, eseal, timeInfo GeneralizedTime, dataHash BIT STRING, propertyInfo IA5String, extDatas OPTIONAL }
                Instant time = timeOf(toSign.getObjectAt(2));
                byte[] hash = ASN1BitString.getInstance(toSign.getObjectAt(3)).getOctets();
                String property = ((ASN1String) toSign.getObjectAt(4)).getString();
                X509Certificate signer = ParsedCertificates.of(ASN1OctetString.getInstance(root.getObjectAt(1)).getOctets());
                ASN1ObjectIdentifier algorithm = ASN1ObjectIdentifier.getInstance(root.getObjectAt(2));
                byte[] signature = ASN1BitString.getInstance(root.getObjectAt(3)).getOctets();
                byte[] timeStamp = null;
                if (root.size() > 4) {
                    // timeStamp [0] EXPLICIT BIT STRING: an RFC 3161 token over the signature value
                    org.bouncycastle.asn1.ASN1TaggedObject tagged = org.bouncycastle.asn1.ASN1TaggedObject.getInstance(root.getObjectAt(4));
                    timeStamp = ASN1BitString.getInstance(tagged, true).getOctets();
                }
                return new SesSignature(version, signed, signer, algorithm, signature, time, hash, property, seal, timeStamp, sealDer);
            }
            // V1: TBS_Sign ::= SEQUENCE { version, eseal, timeInfo BIT STRING, dataHash BIT STRING, propertyInfo IA5String,
            //                             cert OCTET STRING, signatureAlgorithm OID }
            Instant time = timeOf(toSign.getObjectAt(2));
            byte[] hash = ASN1BitString.getInstance(toSign.getObjectAt(3)).getOctets();
            String property = ((ASN1String) toSign.getObjectAt(4)).getString();
            X509Certificate signer = ParsedCertificates.of(ASN1OctetString.getInstance(toSign.getObjectAt(5)).getOctets());
            ASN1ObjectIdentifier algorithm = ASN1ObjectIdentifier.getInstance(toSign.getObjectAt(6));
            byte[] signature = ASN1BitString.getInstance(root.getObjectAt(1)).getOctets();
            return new SesSignature(version, signed, signer, algorithm, signature, time, hash, property, seal, null, sealDer);
        } catch (IOException | RuntimeException | java.security.cert.CertificateException e) {
            throw new MalformedSignatureException("Not an SES_Signature (GB/T 38540 or GM/T 0031)");
        }
    }

    /** An electronic seal file ({@code .esl}, a DER {@code SESeal}). */
    static Seal parseSeal(byte[] der) throws MalformedSignatureException {
        try {
            return seal(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der)));
        } catch (IOException | RuntimeException | java.security.cert.CertificateException e) {
            throw new MalformedSignatureException("Not an SESeal (GB/T 38540 or GM/T 0031)");
        }
    }

    /**
     * SESeal V4 ::= SEQUENCE { eSealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING };
     * V1 ::= SEQUENCE { eSealInfo, signInfo SEQUENCE { cert, signatureAlgorithm, signData } }.
     */
    private static Seal seal(ASN1Sequence seal) throws IOException, java.security.cert.CertificateException {
        ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
        ASN1Sequence header = ASN1Sequence.getInstance(info.getObjectAt(0));
        int version = ASN1Integer.getInstance(header.getObjectAt(1)).intValueExact();
        String id = ((ASN1String) info.getObjectAt(1)).getString();
        ASN1Sequence property = ASN1Sequence.getInstance(info.getObjectAt(2));
        int type = ASN1Integer.getInstance(property.getObjectAt(0)).intValueExact();
        String name = ((ASN1String) property.getObjectAt(1)).getString();
        List<AllowedSigner> certificates;
        int next;
        if (version >= 4) {
            // certListType INTEGER (1: certificates, 2: certificate digests), certList
            certificates = allowedSigners(property.getObjectAt(3));
            next = 4;
        } else {
            certificates = allowedSigners(property.getObjectAt(2));
            next = 3;
        }
        Instant from = timeOf(property.getObjectAt(next + 1));
        Instant to = timeOf(property.getObjectAt(next + 2));
        ASN1Sequence picture = ASN1Sequence.getInstance(info.getObjectAt(3));
        String pictureType = ((ASN1String) picture.getObjectAt(0)).getString();
        byte[] pictureData = ASN1OctetString.getInstance(picture.getObjectAt(1)).getOctets();
        if (version >= 4) {
            X509Certificate maker = ParsedCertificates.of(ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets());
            ASN1ObjectIdentifier algorithm = ASN1ObjectIdentifier.getInstance(seal.getObjectAt(2));
            List<byte[]> signedPart = List.of(info.getEncoded(ASN1Encoding.DER), new DERSequence(new ASN1Encodable[] {
                info, seal.getObjectAt(1), seal.getObjectAt(2)}).getEncoded(ASN1Encoding.DER));
            return new Seal(version, id, name, type, from, to, certificates, pictureType, pictureData, signedPart, maker, algorithm,
                    ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets());
        }
        ASN1Sequence signInfo = ASN1Sequence.getInstance(seal.getObjectAt(1));
        X509Certificate maker = ParsedCertificates.of(ASN1OctetString.getInstance(signInfo.getObjectAt(0)).getOctets());
        List<byte[]> signedPart = List.of(new DERSequence(new ASN1Encodable[] {info, signInfo.getObjectAt(0), signInfo.getObjectAt(1)})
                .getEncoded(ASN1Encoding.DER), info.getEncoded(ASN1Encoding.DER));
        return new Seal(version, id, name, type, from, to, certificates, pictureType, pictureData, signedPart, maker,
                ASN1ObjectIdentifier.getInstance(signInfo.getObjectAt(1)), ASN1BitString.getInstance(signInfo.getObjectAt(2)).getOctets());
    }

    /**
     * The seal's list of allowed signers, read as far as it can be: certificates as OCTET STRINGs, digests as
     * {@code CertDigestObj ::= SEQUENCE { type PrintableString, value OCTET STRING }}. A list of another shape
     * (a text string, as some GM/T 0031 seals carry) allows nobody: the signer is then not listed, which the
     * validator reports, but the seal and the signature are still read and judged.
     */
    private static List<AllowedSigner> allowedSigners(ASN1Encodable list) {
        List<AllowedSigner> out = new ArrayList<>();
        if (!(list.toASN1Primitive() instanceof ASN1Sequence sequence)) {
            return out;
        }
        for (ASN1Encodable item : sequence) {
            if (item instanceof ASN1OctetString certificate) {
                out.add(new AllowedSigner(certificate.getOctets(), null));
            } else if (item instanceof ASN1Sequence digest && digest.size() == 2 && digest.getObjectAt(0) instanceof ASN1String type
                    && digest.getObjectAt(1) instanceof ASN1OctetString value) {
                out.add(new AllowedSigner(value.getOctets(), type.getString()));
            }
        }
        return out;
    }

    private static Instant timeOf(ASN1Encodable value) {
        try {
            if (value instanceof ASN1GeneralizedTime time) {
                return time.getDate().toInstant();
            }
            if (value instanceof ASN1UTCTime time) {
                return time.getAdjustedDate().toInstant();
            }
            if (value instanceof ASN1BitString bits) {
                // GM/T 0031 states the signing time as a bit string holding a GeneralizedTime's text
                String text = new String(bits.getOctets(), java.nio.charset.StandardCharsets.US_ASCII);
                return new ASN1GeneralizedTime(text).getDate().toInstant();
            }
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
