package dev.sealgate.formats.cades;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.OtherRevocationInfoFormat;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.CollectionStore;

import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;
import dev.sealgate.formats.ValidationNeeds;

/**
 * Extends a CMS signature made by anyone (CAdES, EN 319 122-1) without touching what its signers
 * signed: a signature time-stamp per signer (B-T), certificates and revocation values added to the
 * SignedData (B-LT), and, in {@link CadesSigner#addArchiveTimeStamp}, an archive-time-stamp-v3
 * (B-LTA). The SignedData is re-encoded with definite lengths and its sets in the order they came,
 * never re-sorted, so signed attributes in an unusual order keep their bytes.
 */
public final class CadesExtensions {

    private static final ASN1ObjectIdentifier SIGNATURE_TIME_STAMP = PKCSObjectIdentifiers.id_aa_signatureTimeStampToken;
    private static final ASN1ObjectIdentifier COUNTER_SIGNATURE = PKCSObjectIdentifiers.pkcs_9_at_counterSignature;

    private CadesExtensions() {
    }

    public static CMSSignedData parse(byte[] cms) throws MalformedSignatureException {
        try {
            CMSSignedData signed = new CMSSignedData(cms);
            if (signed.getSignerInfos().size() == 0) {
                throw new MalformedSignatureException("The SignedData has no signer.");
            }
            return signed;
        } catch (CMSException | RuntimeException e) {
            throw new MalformedSignatureException("Not a CMS SignedData: " + e.getMessage());
        }
    }

    /**
     * What needs validation data in a SignedData (a CAdES signature, a PDF signature's contents or a time-stamp token):
     * the certificates of its signers (counter-signers too) and of every time-stamp unit whose token it carries; with the
     * certificates and revocation values it already holds.
     */
    public static ValidationNeeds material(CMSSignedData signed) {
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        Set<X509Certificate> subjects = new LinkedHashSet<>();
        List<X509CRL> crls = new ArrayList<>();
        List<byte[]> ocsp = new ArrayList<>();
        collect(signed, certificates, subjects, crls, ocsp);
        return new ValidationNeeds(List.copyOf(subjects), List.copyOf(certificates), crls, ocsp);
    }

    private static void collect(CMSSignedData signed, Set<X509Certificate> certificates, Set<X509Certificate> subjects,
            List<X509CRL> crls, List<byte[]> ocsp) {
        List<X509Certificate> own = new ArrayList<>();
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
            X509Certificate certificate = certificate(holder);
            if (certificate != null) {
                own.add(certificate);
                certificates.add(certificate);
            }
        }
        for (X509CRLHolder holder : signed.getCRLs().getMatches(null)) {
            X509CRL crl = crl(holder);
            if (crl != null) {
                crls.add(crl);
            }
        }
        ocsp.addAll(CadesInspector.ocspResponses(signed));
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            signers(signer, own, certificates, subjects, crls, ocsp);
        }
    }

    private static void signers(SignerInformation signer, List<X509Certificate> pool, Set<X509Certificate> certificates,
            Set<X509Certificate> subjects, List<X509CRL> crls, List<byte[]> ocsp) {
        for (X509Certificate candidate : pool) {
            if (signer.getSID().match(holder(candidate))) {
                subjects.add(candidate);
            }
        }
        AttributeTable unsigned = signer.getUnsignedAttributes();
        if (unsigned == null) {
            return;
        }
        for (Attribute attribute : unsigned.toASN1Structure().getAttributes()) {
            for (ASN1Encodable value : attribute.getAttrValues()) {
                if (COUNTER_SIGNATURE.equals(attribute.getAttrType())) {
                    for (SignerInformation counter : signer.getCounterSignatures().getSigners()) {
                        signers(counter, pool, certificates, subjects, crls, ocsp);
                    }
                    break;
                }
                CMSSignedData token = embeddedSignedData(value);
                if (token != null) {
                    // a time-stamp token (signature, archive or other time-stamp): its unit needs validation data too
                    collect(token, certificates, subjects, crls, ocsp);
                }
            }
        }
    }

    private static CMSSignedData embeddedSignedData(ASN1Encodable value) {
        try {
            ContentInfo info = ContentInfo.getInstance(value);
            if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                return null;
            }
            CMSSignedData data = new CMSSignedData(info);
            return data.getSignerInfos().size() == 0 ? null : data;
        } catch (CMSException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a signer carries a signature time-stamp. */
    private static boolean timeStamped(SignerInformation signer) {
        return signer.getUnsignedAttributes() != null && signer.getUnsignedAttributes().get(SIGNATURE_TIME_STAMP) != null;
    }

    /** Adds a signature time-stamp (over the signature value, EN 319 122-1 5.3) to every signer without one. */
    public static CMSSignedData addSignatureTimeStamps(CMSSignedData signed, TimeStampSource source) {
        List<SignerInformation> signers = new ArrayList<>();
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            if (timeStamped(signer)) {
                signers.add(signer);
                continue;
            }
            TimeStampToken token = TimeStampTokens.request(signer.getSignature(), source);
            AttributeTable unsigned = signer.getUnsignedAttributes() == null ? new AttributeTable(new ASN1EncodableVector())
                    : signer.getUnsignedAttributes();
            signers.add(SignerInformation.replaceUnsignedAttributes(signer,
                    unsigned.add(SIGNATURE_TIME_STAMP, token.toCMSSignedData().toASN1Structure())));
        }
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(signers));
    }

    /**
     * Adds certificate values and revocation values to the SignedData, keeping what it holds: each
     * certificate, CRL and OCSP response once.
     */
    public static CMSSignedData addValidationData(CMSSignedData signed, Collection<X509Certificate> certificates,
            Collection<X509CRL> crls, Collection<byte[]> ocspResponses) {
        try {
            List<Object> certs = new ArrayList<>(signed.getCertificates().getMatches(null));
            for (X509Certificate certificate : certificates) {
                X509CertificateHolder holder = holder(certificate);
                if (!certs.contains(holder)) {
                    certs.add(holder);
                }
            }
            List<Object> revocations = new ArrayList<>();
            List<byte[]> present = new ArrayList<>();
            SignedData structure = SignedData.getInstance(signed.toASN1Structure().getContent());
            if (structure.getCRLs() != null) {
                for (ASN1Encodable revocation : structure.getCRLs()) {
                    ASN1Primitive primitive = revocation.toASN1Primitive();
                    present.add(primitive.getEncoded(ASN1Encoding.DER));
                    revocations.add(primitive instanceof ASN1TaggedObject ? primitive
                            : new X509CRLHolder(CertificateList.getInstance(primitive)));
                }
            }
            for (X509CRL crl : crls) {
                byte[] der = crl.getEncoded();
                if (!contains(present, der)) {
                    present.add(der);
                    revocations.add(new X509CRLHolder(der));
                }
            }
            for (byte[] ocsp : ocspResponses) {
                OtherRevocationInfoFormat other = new OtherRevocationInfoFormat(CMSObjectIdentifiers.id_ri_ocsp_response,
                        RevocationEvidence.asOcspResponse(ocsp));
                byte[] tagged = new org.bouncycastle.asn1.DERTaggedObject(false, 1, other).getEncoded(ASN1Encoding.DER);
                if (!contains(present, tagged)) {
                    present.add(tagged);
                    revocations.add(other);
                }
            }
            return CMSSignedData.replaceCertificatesAndCRLs(signed, new CollectionStore<>(certs), signed.getAttributeCertificates(),
                    new CollectionStore<>(revocations));
        } catch (CMSException | CRLException | IOException e) {
            throw new CryptoException("Cannot add validation data: " + e.getMessage(), e);
        }
    }

    /** The SignedData's encapsulated content, or null when it is detached. */
    public static byte[] encapsulatedContent(CMSSignedData signed) {
        CMSProcessable content = signed.getSignedContent();
        if (content == null || content.getContent() == null) {
            return null;
        }
        Object value = content.getContent();
        return value instanceof byte[] bytes ? bytes : null;
    }

    /** Definite-length encoding, sets kept in their order (DER would re-sort signed attributes and break foreign signatures). */
    public static byte[] encode(CMSSignedData signed) {
        try {
            return signed.toASN1Structure().getEncoded(ASN1Encoding.DL);
        } catch (IOException e) {
            throw new CryptoException("Cannot encode the signature", e);
        }
    }

    private static boolean contains(List<byte[]> list, byte[] value) {
        for (byte[] item : list) {
            if (Arrays.equals(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new CryptoException("Unreadable certificate", e);
        }
    }

    private static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            return null;
        }
    }

    private static X509CRL crl(X509CRLHolder holder) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(holder.getEncoded()));
        } catch (java.security.cert.CRLException | CertificateException | IOException e) {
            return null;
        }
    }
}
