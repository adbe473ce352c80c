package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.sealgate.crypto.CmsVerifiers;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.CustodySigner;
import dev.sealgate.crypto.SignerKey;

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

    /** A parsed GB/T 35275 (or PKCS #7) signed message; null when the bytes are not one. */
    static CMSSignedData parse(byte[] der, byte[] signatureXml) {
        try {
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!SIGNED_DATA.equals(info.getContentType()) && !CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                return null;
            }
            ContentInfo standard = new ContentInfo(CMSObjectIdentifiers.signedData, info.getContent());
            CMSSignedData signed = new CMSSignedData(standard);
            return signed.isDetachedSignature() ? new CMSSignedData(new CMSProcessableByteArray(signatureXml), standard) : signed;
        } catch (IOException | RuntimeException | CMSException e) {
            return null;
        }
    }

    /** The one signer of the message: its certificate (null when it does not carry it) and whether its signature verifies. */
    record Verified(X509Certificate signer, boolean intact, boolean signatureValid, java.time.Instant signingTime) {
    }

    /** The signer's facts; null when the message is damaged past reading (BouncyCastle parses it lazily). */
    static Verified verify(CMSSignedData signed, byte[] signatureXml) {
        try {
            return check(signed, signatureXml);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Verified check(CMSSignedData signed, byte[] signatureXml) {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        X509Certificate certificate = CmsVerifiers.matching(signed, signer.getSID());
        java.time.Instant time = null;
        var attribute = signer.getSignedAttributes() == null ? null
                : signer.getSignedAttributes().get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_signingTime);
        if (attribute != null) {
            try {
                time = org.bouncycastle.asn1.cms.Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
            } catch (RuntimeException e) {
                time = null;
            }
        }
        boolean intact;
        boolean valid;
        if (signer.getSignedAttributes() == null) {
            // without attributes GB/T 35275 signs the SM3 digest of Signature.xml, carried as the content
            byte[] expected = OfdSigner.sm3(signatureXml);
            byte[] content = signed.getSignedContent() == null ? null : (byte[]) signed.getSignedContent().getContent();
            intact = content != null && java.util.Arrays.equals(content, expected);
            valid = SesSignature.verifies(certificate,
                    new ASN1ObjectIdentifier("1.2.156.10197.1.501"), expected, signer.getSignature());
            return new Verified(certificate, intact, valid, time);
        }
        intact = true;
        try {
            valid = certificate != null && signer.verify(CmsVerifiers.verifier(certificate));
        } catch (org.bouncycastle.cms.CMSSignerDigestMismatchException e) {
            // the message digest differs from Signature.xml's: Signature.xml changed
            intact = false;
            valid = false;
        } catch (CMSException e) {
            valid = false;
        } catch (OperatorCreationException | RuntimeException e) {
            valid = false;
        }
        return new Verified(certificate, intact, valid, time);
    }
}
