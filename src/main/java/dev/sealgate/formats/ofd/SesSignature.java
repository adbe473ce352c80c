package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.security.PublicKey;
import java.security.Signature;
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
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.ParsedCertificates;

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
 */
record SesSignature(int version, byte[] signed, X509Certificate signer, ASN1ObjectIdentifier algorithm, byte[] signature,
        Instant signingTime, byte[] dataHash, String propertyInfo, Seal seal, byte[] timeStamp) {

    /**
     * An electronic seal: its maker's signature over the seal information, the seal's identity and
     * validity, the certificates allowed to use it, and its picture.
     */
    record Seal(int version, String id, String name, int type, Instant validFrom, Instant validTo, List<byte[]> certificates,
            String pictureType, byte[] picture, byte[] signed, X509Certificate maker, ASN1ObjectIdentifier algorithm,
            byte[] signature) {

        /** Whether the seal maker's signature over the seal information verifies. */
        boolean makerSignatureValid() {
            return verifies(maker, algorithm, signed, signature);
        }

        /** Whether {@code certificate} is one of those the seal lists as allowed to use it. */
        boolean allows(X509Certificate certificate) {
            try {
                byte[] der = certificate.getEncoded();
                return certificates.stream().anyMatch(c -> java.util.Arrays.equals(c, der));
            } catch (java.security.cert.CertificateEncodingException e) {
                return false;
            }
        }
    }

    /** Whether the signer's signature over {@code TBS_Sign} verifies. */
    boolean signatureValid() {
        return verifies(signer, algorithm, signed, signature);
    }

    static SesSignature parse(byte[] der) throws MalformedSignatureException {
        try {
            ASN1Sequence root = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            ASN1Sequence toSign = ASN1Sequence.getInstance(root.getObjectAt(0));
            int version = ASN1Integer.getInstance(toSign.getObjectAt(0)).intValueExact();
            Seal seal = seal(ASN1Sequence.getInstance(toSign.getObjectAt(1)));
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
                return new SesSignature(version, signed, signer, algorithm, signature, time, hash, property, seal, timeStamp);
            }
            // V1: TBS_Sign ::= SEQUENCE { version, eseal, timeInfo BIT STRING, dataHash BIT STRING, propertyInfo IA5String,
            //                             cert OCTET STRING, signatureAlgorithm OID }
            Instant time = timeOf(toSign.getObjectAt(2));
            byte[] hash = ASN1BitString.getInstance(toSign.getObjectAt(3)).getOctets();
            String property = ((ASN1String) toSign.getObjectAt(4)).getString();
            X509Certificate signer = ParsedCertificates.of(ASN1OctetString.getInstance(toSign.getObjectAt(5)).getOctets());
            ASN1ObjectIdentifier algorithm = ASN1ObjectIdentifier.getInstance(toSign.getObjectAt(6));
            byte[] signature = ASN1BitString.getInstance(root.getObjectAt(1)).getOctets();
            return new SesSignature(version, signed, signer, algorithm, signature, time, hash, property, seal, null);
        } catch (IOException | RuntimeException | java.security.cert.CertificateException e) {
            throw new MalformedSignatureException("Not an SES_Signature (GB/T 38540 or GM/T 0031): " + e.getClass().getSimpleName());
        }
    }

    /**
     * SESeal V4 ::= SEQUENCE { eSealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING };
     * V1 ::= SEQUENCE { eSealInfo, signInfo SEQUENCE { cert, signatureAlgorithm, signData } }. The V4 maker
     * signs the DER of eSealInfo, the V1 maker the DER of SEQUENCE { eSealInfo, cert, signatureAlgorithm }:
     * what the seal makers behind the interoperability samples do (ofdrw, gomain_eseal), each checked
     * against the other reading, which verifies for none of them.
     */
    /** An electronic seal file ({@code .esl}, a DER {@code SESeal}). */
    static Seal parseSeal(byte[] der) throws MalformedSignatureException {
        try {
            return seal(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der)));
        } catch (IOException | RuntimeException | java.security.cert.CertificateException e) {
            throw new MalformedSignatureException("Not an SESeal (GB/T 38540 or GM/T 0031): " + e.getClass().getSimpleName());
        }
    }

    private static Seal seal(ASN1Sequence seal) throws IOException, java.security.cert.CertificateException {
        ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
        ASN1Sequence header = ASN1Sequence.getInstance(info.getObjectAt(0));
        int version = ASN1Integer.getInstance(header.getObjectAt(1)).intValueExact();
        String id = ((ASN1String) info.getObjectAt(1)).getString();
        ASN1Sequence property = ASN1Sequence.getInstance(info.getObjectAt(2));
        int type = ASN1Integer.getInstance(property.getObjectAt(0)).intValueExact();
        String name = ((ASN1String) property.getObjectAt(1)).getString();
        List<byte[]> certificates = new ArrayList<>();
        int next;
        if (version >= 4) {
            // certListType INTEGER, certList (SEQUENCE OF OCTET STRING certificates)
            for (ASN1Encodable cert : ASN1Sequence.getInstance(property.getObjectAt(3))) {
                certificates.add(ASN1OctetString.getInstance(cert).getOctets());
            }
            next = 4;
        } else {
            for (ASN1Encodable cert : ASN1Sequence.getInstance(property.getObjectAt(2))) {
                certificates.add(ASN1OctetString.getInstance(cert).getOctets());
            }
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
            byte[] signedPart = info.getEncoded(ASN1Encoding.DER);
            return new Seal(version, id, name, type, from, to, certificates, pictureType, pictureData, signedPart, maker, algorithm,
                    ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets());
        }
        ASN1Sequence signInfo = ASN1Sequence.getInstance(seal.getObjectAt(1));
        X509Certificate maker = ParsedCertificates.of(ASN1OctetString.getInstance(signInfo.getObjectAt(0)).getOctets());
        byte[] signedPart = new DERSequence(new ASN1Encodable[] {info, signInfo.getObjectAt(0), signInfo.getObjectAt(1)})
                .getEncoded(ASN1Encoding.DER);
        return new Seal(version, id, name, type, from, to, certificates, pictureType, pictureData, signedPart, maker, ASN1ObjectIdentifier.getInstance(signInfo.getObjectAt(1)), ASN1BitString.getInstance(signInfo.getObjectAt(2)).getOctets());
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

    /** {@link #verifies(PublicKey, ASN1ObjectIdentifier, byte[], byte[])} with a certificate's key; false for none or a damaged one. */
    static boolean verifies(X509Certificate certificate, ASN1ObjectIdentifier algorithm, byte[] data, byte[] signature) {
        if (certificate == null) {
            return false;
        }
        PublicKey key;
        try {
            // BouncyCastle decodes the key when asked: a damaged point fails here, not when the certificate is read
            key = certificate.getPublicKey();
        } catch (RuntimeException e) {
            return false;
        }
        return verifies(key, algorithm, data, signature);
    }

    /** SM2 with SM3 (the default user ID), or an RSA/ECDSA algorithm a signer named. */
    static boolean verifies(PublicKey key, ASN1ObjectIdentifier algorithm, byte[] data, byte[] signature) {
        try {
            String name = algorithm.equals(GMObjectIdentifiers.sm2sign_with_sm3) ? "SM3withSM2"
                    : new org.bouncycastle.operator.DefaultAlgorithmNameFinder().getAlgorithmName(algorithm);
            Signature verifier = Signature.getInstance(name, CryptoProviders.bc());
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }
}
