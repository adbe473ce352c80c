package dev.sealgate.formats.cades;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.Extending;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.Making;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.formats.SigningServices;
import dev.sealgate.formats.Spool;
import dev.sealgate.formats.ValidationData;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** CMS signatures: CAdES (ETSI EN 319 122-1) over CMS SignedData (RFC 5652), detached or enveloping. */
@ApplicationScoped
public class CadesFormat implements DocumentFormat {

    private static final Identity IDENTITY = new Identity(SignatureFormat.Format.CADES, "CAdES", "CMS", "a CMS signature (CAdES)", 30);

    @Override
    public Identity identity() {
        return IDENTITY;
    }

    /** A DER SEQUENCE (ContentInfo, RFC 5652 3). */
    @Override
    public boolean recognises(byte[] document) {
        return document.length > 0 && (document[0] & 0xff) == 0x30;
    }

    /** Every signer of the SignedData and every counter-signature. */
    @Override
    public List<Inspected> inspect(byte[] document, Path original) throws MalformedSignatureException {
        return CadesInspector.inspectAll(document, original == null ? null : CadesInspector.DetachedContent.of(() -> open(original))).stream()
                .map(signer -> new Inspected(signer.facts(), Inspected.Context.of(name(),
                        signer.counterSigns() == 0 ? null : "counter-signature of signature " + signer.counterSigns())))
                .toList();
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            // read inside the inspector, which reports content it cannot read as a damaged signature
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }

    @Override
    public SignatureFormat.Packaging defaultPackaging() {
        return SignatureFormat.Packaging.DETACHED;
    }

    @Override
    public boolean makes(SignatureFormat.Packaging packaging, BaselineLevel level) {
        return packaging == SignatureFormat.Packaging.DETACHED || packaging == SignatureFormat.Packaging.ENVELOPING;
    }

    /** Any file: a request in no other format's media type is signed as CAdES. */
    @Override
    public boolean signsAnyFile() {
        return true;
    }

    /**
     * Detached (the document's digest signed) or enveloping (the document inside the SignedData); B-T with a signature
     * time-stamp, B-LT with the certificates and revocation values, B-LTA with an archive time-stamp (EN 319 122-1).
     */
    @Override
    public Produced make(Making making, InputStream body) throws IOException {
        SignatureRequest request = making.request();
        SigningServices services = making.services();
        boolean enveloping = request.packaging() == SignatureFormat.Packaging.ENVELOPING;
        SigningServices.Read read = services.read(body, making.key().scheme().digest(), enveloping,
                services.limits().maxDocumentSize().asLongValue(), 0, null);
        Instant now = read.readAt();
        CadesSigner.Options options = new CadesSigner.Options(now, true,
                request.level() == BaselineLevel.B_B ? null : services.timeStamps());
        Spool output = null;
        try {
            if (!enveloping && !request.level().longTerm()) {
                // detached CAdES without validation data: the signature is small, no file round trip
                return new Produced(Spool.of(CadesSigner.detached(read.digest(), making.key(), options)), MEDIA_TYPE, read.digest(),
                        now);
            }
            output = services.newSpool();
            try (OutputStream out = output) {
                write(making, read, options, out);
            }
            return new Produced(output, MEDIA_TYPE, read.digest(), now);
        } catch (IOException | RuntimeException e) {
            discard(output);
            throw e;
        } finally {
            discard(read.document());
        }
    }

    private static final String MEDIA_TYPE = "application/pkcs7-signature";

    private static void write(Making making, SigningServices.Read read, CadesSigner.Options options, OutputStream output)
            throws IOException {
        SigningServices services = making.services();
        BaselineLevel level = making.request().level();
        if (!level.longTerm()) {
            writeSignature(making, read, options, output);
            return;
        }
        Spool signed = services.newSpool();
        try {
            try (OutputStream out = signed) {
                writeSignature(making, read, options, out);
            }
            ValidationData material = services.validationData(making.key());
            if (level == BaselineLevel.B_LTA) {
                // the archive time-stamp is added to the SignedData in memory: small when detached, bounded when enveloping
                long bound = services.limits().maxCmsExtensionSize().asLongValue();
                if (read.document() != null && read.digest().size() > bound) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Enveloping B-LTA signatures are made for documents up to "
                            + bound + " bytes; sign larger documents detached.");
                }
                ByteArrayOutputStream withData = new ByteArrayOutputStream();
                try (InputStream in = signed.open()) {
                    CadesSigner.addValidationData(in, material.certificates(), material.crls(), material.ocspResponses(), withData);
                }
                output.write(CadesSigner.addArchiveTimeStamp(withData.toByteArray(), read.digest().sha256(), services.timeStamps()));
                return;
            }
            try (InputStream in = new BufferedInputStream(signed.open(), 64 * 1024)) {
                CadesSigner.addValidationData(in, material.certificates(), material.crls(), material.ocspResponses(), output);
            }
        } finally {
            signed.discard();
        }
    }

    private static void writeSignature(Making making, SigningServices.Read read, CadesSigner.Options options, OutputStream out)
            throws IOException {
        if (read.document() == null) {
            out.write(CadesSigner.detached(read.digest(), making.key(), options));
            return;
        }
        try (InputStream content = new BufferedInputStream(read.document().open(), 64 * 1024)) {
            CadesSigner.enveloping(content, read.digest(), making.key(), options, out);
        }
    }

    private static void discard(Spool spool) {
        if (spool != null) {
            spool.discard();
        }
    }

    /** B-T a signature time-stamp, B-LT the validation data it lacks, B-LTA an archive time-stamp over all of it (in memory). */
    @Override
    public Produced extend(Extending extending) throws IOException, MalformedSignatureException {
        SigningServices services = extending.services();
        CMSSignedData cms = CadesExtensions.parse(services.readBounded(extending.signed()));
        byte[] content = CadesExtensions.encapsulatedContent(cms);
        BaselineLevel target = extending.target();
        if (content == null && extending.original() == null && target == BaselineLevel.B_LTA) {
            throw new ProblemException(ProblemType.MISSING_PART,
                    "A detached signature is extended to B-LTA with its document: send it as part 'original'.");
        }
        if (extending.current() == BaselineLevel.B_B) {
            cms = CadesExtensions.addSignatureTimeStamps(cms, services.timeStamps());
        }
        if (target.longTerm()) {
            ValidationData material = services.prove(CadesExtensions.material(cms));
            cms = CadesExtensions.addValidationData(cms, material.certificates(), material.crls(), material.ocspResponses());
        }
        if (target == BaselineLevel.B_LTA) {
            byte[] contentSha256;
            if (content != null) {
                contentSha256 = DocumentDigest.digest(NISTObjectIdentifiers.id_sha256).digest(content);
            } else {
                try (InputStream in = Files.newInputStream(extending.original())) {
                    contentSha256 = DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE).value();
                }
            }
            cms = CadesSigner.addArchiveTimeStamp(cms, contentSha256, services.timeStamps());
        }
        return new Produced(Spool.of(CadesExtensions.encode(cms)), MEDIA_TYPE, extending.digest(), Instant.now());
    }
}
