package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;

/**
 * SM2 signatures as Chinese signature formats carry them (GB/T 35275, GB/T 38540, GM/T 0031): SM2 over
 * SM3 with the default user ID (GB/T 35276), the value either DER {@code SEQUENCE { r, s }} (GB/T 35276 7.3)
 * or the 64 bytes {@code r || s} some issuers put in the BIT STRING instead. Only a key on the SM2 curve
 * ({@code sm2p256v1}) is an SM2 key: the same arithmetic over another curve is not an algorithm any of
 * these standards allows.
 */
public final class Sm2Signatures {

    /** SM2 with SM3 (GM/T 0006). */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = new ASN1ObjectIdentifier("1.2.156.10197.1.501");
    /** SM2 signature (GM/T 0006 {@code sm2-1}), named in a SignerInfo's signature algorithm by some GB/T 35275 producers. */
    public static final ASN1ObjectIdentifier SM2_SIGN = new ASN1ObjectIdentifier("1.2.156.10197.1.301.1");
    /** The SM2 algorithm itself ({@code 1.2.156.10197.1.301}), as the key algorithm and, in some producers, the signature's. */
    public static final ASN1ObjectIdentifier SM2 = new ASN1ObjectIdentifier("1.2.156.10197.1.301");
    /** SM3 (GM/T 0006). */
    public static final ASN1ObjectIdentifier SM3 = new ASN1ObjectIdentifier("1.2.156.10197.1.401");

    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(SM3_WITH_SM2, SM2_SIGN, SM2);
    private static final BigInteger SM2_ORDER = GMNamedCurves.getByName("sm2p256v1").getN();

    private Sm2Signatures() {
    }

    /** Whether the identifier names SM2 (with SM3) as a signature algorithm. */
    public static boolean isSm2Algorithm(ASN1ObjectIdentifier algorithm) {
        return algorithm != null && SIGNATURE_ALGORITHMS.contains(algorithm);
    }

    /** Whether the certificate's key is an SM2 key (EC on the SM2 curve); false for none or a damaged one. */
    public static boolean isSm2Key(X509Certificate certificate) {
        try {
            return certificate != null && isSm2Key(certificate.getPublicKey());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isSm2Key(PublicKey key) {
        return key instanceof ECPublicKey ec && ec.getParams().getOrder().equals(SM2_ORDER);
    }

    /**
     * Whether {@code signature} is the certificate's SM2 signature over {@code data} (SM3, default user ID).
     * False for a key not on the SM2 curve, a damaged key or value.
     */
    public static boolean verifies(X509Certificate certificate, byte[] data, byte[] signature) {
        if (certificate == null || signature == null) {
            return false;
        }
        try {
            PublicKey key = certificate.getPublicKey();
            if (!isSm2Key(key)) {
                return false;
            }
            Signature verifier = Signature.getInstance("SM3withSM2", CryptoProviders.bc());
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(der(signature));
        } catch (Exception e) {
            return false;
        }
    }

    /** The value as DER {@code SEQUENCE { r, s }}: unchanged when it is one, converted when it is the 64 bytes {@code r || s}. */
    static byte[] der(byte[] signature) throws IOException {
        if (signature.length == 64 && !isDerPair(signature)) {
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        }
        return signature;
    }

    private static boolean isDerPair(byte[] value) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(value));
            return sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1Integer && sequence.getObjectAt(1) instanceof ASN1Integer
                    && Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), value);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the bytes are a bare SM2 signature value: DER {@code SEQUENCE { r, s }} or 64 bytes {@code r || s}. */
    public static boolean isBareValue(byte[] value) {
        return value != null && (value.length == 64 || isDerPair(value));
    }
}
