package dev.sealgate.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;

/**
 * Makes an electronic seal ({@code SESeal}, GB/T 38540-2020 version 4): the seal information —
 * header {@code ES}/4, seal ID, type, name, the certificates allowed to use the seal, creation date
 * and validity, the picture with its size in millimetres — signed by the seal maker's SM2 key over
 * the DER of {@code SES_SealInfo}. Format-free: a department's seal is registered once and used by any format that
 * seals with it (OFD today).
 */
public final class SesSeal {

    /** Seal type 1: official seal (公章). */
    public static final int OFFICIAL = 1;

    /**
     * @param widthMm  the picture's width on the page, in millimetres (also its height: seals are round)
     */
    public record Info(String id, String name, int type, X509Certificate allowed, Instant created, Instant validFrom,
            Instant validTo, byte[] png, int widthMm) {
    }

    private SesSeal() {
    }

    /** The DER {@code SESeal}, signed by {@code maker} (an SM2 key). */
    public static byte[] make(Info info, SignerKey maker) {
        if (maker.scheme() != SignatureScheme.SM2_SM3) {
            throw new IllegalArgumentException("A seal maker signs with SM2");
        }
        try {
            DERSequence header = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new DERIA5String("ES"), new ASN1Integer(4), new DERIA5String("SealGate") });
            DERSequence certList = new DERSequence(new DEROctetString(info.allowed().getEncoded()));
            DERSequence property = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(info.type()), new DERUTF8String(info.name()), new ASN1Integer(1), certList,
                time(info.created()), time(info.validFrom()), time(info.validTo()) });
            DERSequence picture = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new DERIA5String("PNG"), new DEROctetString(info.png()), new ASN1Integer(info.widthMm()),
                new ASN1Integer(info.widthMm()) });
            DERSequence sealInfo = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                header, new DERIA5String(info.id()), property, picture });
            byte[] signature = maker.custody().sign(maker.alias(), maker.scheme(), sealInfo.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector seal = new ASN1EncodableVector();
            seal.add(sealInfo);
            seal.add(new DEROctetString(maker.certificate().getEncoded()));
            seal.add(maker.scheme().identifier().getAlgorithm());
            seal.add(new DERBitString(signature));
            return new DERSequence(seal).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("A certificate cannot be encoded", e);
        }
    }

    public static DERGeneralizedTime time(Instant instant) {
        return new DERGeneralizedTime(Date.from(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }
}
