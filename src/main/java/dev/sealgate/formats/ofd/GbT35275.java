package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.CustodySigner;
import dev.sealgate.crypto.ParsedCertificates;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.Sm2Signatures;

/**
 * The signed value of an OFD electronic signature ({@code Type="Sign"}): a GB/T 35275 SM2 signed
 * message — CMS SignedData under the GM content types (signedData {@code 1.2.156.10197.6.1.4.2.2},
 * data {@code 1.2.156.10197.6.1.4.2.1}), detached over the bytes of {@code Signature.xml}, with the
 * content-type, message-digest (SM3) and signing-time attributes, the signer's certificate included.
 */
final class GbT35275 {

    static final ASN1ObjectIdentifier SIGNED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2");
    static final ASN1ObjectIdentifier DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1");

    private GbT35275() {
    }

    static byte[] sign(SignerKey key, byte[] signatureXml) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build())
                    .build(new CustodySigner(key.custody(), key.alias(), key.scheme()), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(DATA, signatureXml), false);
            ContentInfo pkcs7 = signed.toASN1Structure();
            return new ContentInfo(SIGNED_DATA, pkcs7.getContent()).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | java.security.cert.CertificateEncodingException | CMSException e) {
            throw new IllegalStateException("The GB/T 35275 signed message cannot be made", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a GB/T 35275 signed message says about one OFD signature.
     *
     * @param problem        why the value is not a GB/T 35275 signature over SM2 (its form, its algorithms), or null
     * @param bound          whether what it signs is this Signature.xml: its content, or its message-digest attribute, is the
     *                       SM3 digest of Signature.xml
     * @param signatureValid whether the signer's SM2 signature verifies
     */
    record Verified(String problem, X509Certificate signer, List<X509Certificate> certificates, boolean bound,
            boolean signatureValid, java.time.Instant signingTime) {

        static Verified refused(String problem) {
            return new Verified(problem, null, List.of(), false, false, null);
        }
    }

    /** Whether the bytes are shaped as a CMS ContentInfo (an OID, then explicit content), whatever its type. */
    static boolean looksLikeContentInfo(byte[] der) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            return sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1ObjectIdentifier
                    && sequence.getObjectAt(1) instanceof ASN1TaggedObject;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The signed value of a {@code Type="Sign"} signature judged by GB/T 35275 and GM/T 0099 7.2: a
     * {@code signedData} of the GM content type with one signer, digest SM3, signature SM2 with an SM2 key.
     * What is signed must be this {@code Signature.xml}: the encapsulated content, when present, is its SM3
     * digest (or that digest in Base64, as some producers write it), and a message-digest attribute, when
     * there are signed attributes, is that digest too. A CMS signature over anything else is not a
     * signature of this document, however valid it is in itself.
     */
    static Verified verify(byte[] der, byte[] signatureXml) {
        try {
            return check(der, signatureXml);
        } catch (IOException | RuntimeException e) {
            return Verified.refused("The signed value is a damaged GB/T 35275 signed message.");
        }
    }

    private static Verified check(byte[] der, byte[] signatureXml) throws IOException {
        ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
        if (!SIGNED_DATA.equals(info.getContentType())) {
            return Verified.refused("The signed value is a signed message of content type " + info.getContentType()
                    + ", not GB/T 35275's signedData (" + SIGNED_DATA + ").");
        }
        SignedData signed = SignedData.getInstance(info.getContent());
        if (signed.getSignerInfos().size() != 1) {
            return Verified.refused("The GB/T 35275 signed message has " + signed.getSignerInfos().size() + " signers, not one.");
        }
        SignerInfo signer = SignerInfo.getInstance(signed.getSignerInfos().getObjectAt(0));
        if (!Sm2Signatures.SM3.equals(signer.getDigestAlgorithm().getAlgorithm())) {
            return Verified.refused("The GB/T 35275 signer digests with " + signer.getDigestAlgorithm().getAlgorithm() + ", not SM3.");
        }
        ASN1ObjectIdentifier algorithm = signer.getDigestEncryptionAlgorithm().getAlgorithm();
        if (!Sm2Signatures.isSm2Algorithm(algorithm)) {
            return Verified.refused("The GB/T 35275 signer signs with " + algorithm + ", not SM2.");
        }
        List<X509Certificate> certificates = certificates(signed);
        X509Certificate certificate = certificates.stream().filter(c -> identifies(signer.getSID(), c)).findFirst().orElse(null);
        if (certificate == null) {
            // unlike a CMS signature elsewhere, an OFD signature has nowhere else to carry its signer's certificate
            return Verified.refused("The GB/T 35275 signed message does not carry the certificate its signer names.");
        }

        byte[] expected = OfdSigner.sm3(signatureXml);
        boolean bound = true;
        byte[] content = null;
        ASN1Encodable encapsulated = signed.getEncapContentInfo().getContent();
        if (encapsulated != null) {
            content = ASN1OctetString.getInstance(encapsulated).getOctets();
            bound = isDigest(content, expected);
        }
        byte[] toVerify;
        java.time.Instant time = null;
        ASN1Set attributes = signer.getAuthenticatedAttributes();
        if (attributes != null) {
            AttributeTable table = new AttributeTable(attributes);
            Attribute digest = table.get(CMSAttributes.messageDigest);
            bound = bound && digest != null && digest.getAttrValues().size() == 1
                    && java.util.Arrays.equals(ASN1OctetString.getInstance(digest.getAttrValues().getObjectAt(0)).getOctets(), expected);
            time = signingTime(table.get(CMSAttributes.signingTime));
            toVerify = attributes.getEncoded(ASN1Encoding.DER);
        } else if (content != null) {
            toVerify = content;
        } else {
            return Verified.refused("The GB/T 35275 signed message has neither content nor signed attributes: it signs nothing.");
        }
        byte[] value = signer.getEncryptedDigest().getOctets();
        boolean valid = Sm2Signatures.verifies(certificate, toVerify, value)
                // a SET OF signed as it was encoded rather than re-sorted as DER
                || attributes != null && Sm2Signatures.verifies(certificate, attributes.getEncoded(), value);
        if (!Sm2Signatures.isSm2Key(certificate)) {
            return Verified.refused("The GB/T 35275 signer's certificate holds no SM2 key.");
        }
        return new Verified(null, certificate, certificates, bound, valid, time);
    }

    /** The SM3 digest itself, or its Base64 text. */
    private static boolean isDigest(byte[] content, byte[] expected) {
        if (java.util.Arrays.equals(content, expected)) {
            return true;
        }
        String text = new String(content, java.nio.charset.StandardCharsets.US_ASCII).trim();
        return text.equals(java.util.Base64.getEncoder().encodeToString(expected));
    }

    private static java.time.Instant signingTime(Attribute attribute) {
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return null;
        }
        try {
            return org.bouncycastle.asn1.cms.Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<X509Certificate> certificates(SignedData signed) {
        List<X509Certificate> out = new java.util.ArrayList<>();
        if (signed.getCertificates() != null) {
            for (ASN1Encodable item : signed.getCertificates()) {
                if (item.toASN1Primitive() instanceof ASN1Sequence) {
                    try {
                        out.add(ParsedCertificates.of(item.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
                    } catch (IOException | java.security.cert.CertificateException e) {
                        // an unreadable certificate names nobody; the signer is looked for among the others
                    }
                }
            }
        }
        return out;
    }

    private static boolean identifies(SignerIdentifier sid, X509Certificate certificate) {
        try {
            if (sid.getId() instanceof ASN1OctetString keyId) {
                byte[] extension = certificate.getExtensionValue(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier.getId());
                return extension != null && java.util.Arrays.equals(ASN1OctetString.getInstance(
                        ASN1OctetString.getInstance(extension).getOctets()).getOctets(), keyId.getOctets());
            }
            IssuerAndSerialNumber issuerSerial = IssuerAndSerialNumber.getInstance(sid.getId());
            return issuerSerial.getSerialNumber().getValue().equals(certificate.getSerialNumber())
                    && org.bouncycastle.asn1.x500.X500Name.getInstance(issuerSerial.getName()).equals(
                            org.bouncycastle.asn1.x500.X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
