package dev.sealgate.formats.jades;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.SignatureScheme;
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
import dev.sealgate.formats.ValidationNeeds;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** JSON signatures: JAdES (ETSI TS 119 182-1) over JWS (RFC 7515), compact or JSON serialisation. */
@ApplicationScoped
public class JadesFormat implements DocumentFormat {

    private static final Identity IDENTITY = new Identity(SignatureFormat.Format.JADES, "JAdES", "JWS", "a JWS (JAdES)", 20);

    @Override
    public Identity identity() {
        return IDENTITY;
    }

    /** A JSON serialisation, or a compact JWS whose protected header is base64url of '{"'. */
    @Override
    public boolean recognises(byte[] document) {
        String text = new String(document, 0, Math.min(document.length, 1024), StandardCharsets.ISO_8859_1).stripLeading();
        return text.startsWith("{") || text.startsWith("eyJ");
    }

    /** Every signature of the JWS (several in a general JSON serialisation), each followed by its counter-signatures. */
    @Override
    public List<Inspected> inspect(byte[] document, Path original) throws MalformedSignatureException {
        byte[] payload;
        try {
            payload = original == null ? null : Files.readAllBytes(original);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
        return JadesInspector.inspectWithCounterSignatures(document, payload).stream()
                .map(found -> new Inspected(found.facts(), Inspected.Context.of(name(),
                        found.counterSigns() == 0 ? null : "counter-signature of signature " + found.counterSigns())))
                .toList();
    }

    @Override
    public SignatureFormat.Packaging defaultPackaging() {
        return SignatureFormat.Packaging.ENVELOPING;
    }

    @Override
    public boolean makes(SignatureFormat.Packaging packaging, BaselineLevel level) {
        return packaging != SignatureFormat.Packaging.ENVELOPED;
    }

    @Override
    public boolean signsMediaType(String mediaType) {
        return mediaType.startsWith("application/json");
    }

    /** JSON is signed from memory, bounded by {@code max-json-size}; the document inside the JWS (enveloping) or beside it (detached). */
    @Override
    public Produced make(Making making, InputStream body) throws IOException {
        SigningServices services = making.services();
        SignatureRequest request = making.request();
        if (!making.key().scheme().hasJose()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    SignatureScheme.NO_JOSE_ALGORITHM + ": sign JSON with this key as CAdES.");
        }
        long maxJson = services.limits().maxJsonSize().asLongValue();
        // read one byte past the bound to see it exceeded
        long limit = Math.min(maxJson + 1, services.limits().maxDocumentSize().asLongValue());
        SigningServices.Read read = services.read(body, DocumentDigest.SHA256, true, limit, (int) Math.min(limit, Integer.MAX_VALUE - 16),
                () -> limit > maxJson ? jsonTooLarge(maxJson) : new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The document exceeds the configured maximum of " + services.limits().maxDocumentSize().asLongValue() + " bytes."));
        Instant now = read.readAt();
        byte[] document;
        try {
            document = read.document().bytes();
        } finally {
            read.document().discard();
        }
        if (document.length > maxJson) {
            throw jsonTooLarge(maxJson);
        }
        boolean timeStamped = request.level() != BaselineLevel.B_B;
        JadesSigner.LongTerm longTerm = null;
        if (request.level().longTerm()) {
            ValidationData material = services.validationData(making.key());
            longTerm = new JadesSigner.LongTerm(material.certificates(), material.crls(), material.ocspResponses(),
                    request.level() == BaselineLevel.B_LTA);
        }
        byte[] jws;
        try {
            jws = JadesSigner.sign(document, making.key(), now, request.packaging() == SignatureFormat.Packaging.DETACHED,
                    timeStamped ? services.timeStamps() : null, longTerm);
        } catch (IllegalArgumentException e) {
            // sign checks the document before anything is signed; its message says where and why, for the
            // caller who sent the document (problem details are not logged)
            throw new ProblemException(ProblemType.NOT_JSON, "JAdES signs JSON documents. " + e.getMessage() + ".");
        }
        return new Produced(Spool.of(jws), timeStamped ? "application/jose+json" : "application/jose", read.digest(), now);
    }

    private static ProblemException jsonTooLarge(long maxJson) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "JSON documents are limited to " + maxJson + " bytes; sign larger files as CAdES.");
    }

    /**
     * A compact JWS becomes the flattened JSON serialisation (the signed bytes do not change), then gains {@code sigTst}
     * (B-T), {@code xVals} and {@code rVals} with what it lacks (B-LT), and {@code arcTst} (B-LTA). A general JSON
     * serialisation with several signatures is not extended.
     */
    @Override
    public Produced extend(Extending extending) throws IOException, MalformedSignatureException {
        SigningServices services = extending.services();
        byte[] jws = services.readBounded(extending.signed());
        List<SignatureFacts> all = JadesInspector.inspectAll(jws, extending.original() == null ? null
                : Files.readAllBytes(extending.original()));
        if (all.size() != 1) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "A JWS with " + all.size() + " signatures (general JSON serialisation) is not extended; one signature at a time.");
        }
        SignatureFacts facts = all.get(0);
        JadesSigner.LongTerm longTerm = null;
        if (extending.target().longTerm()) {
            Set<X509Certificate> subjects = new LinkedHashSet<>(List.of(facts.signer()));
            Set<X509Certificate> pool = new LinkedHashSet<>(facts.certificates());
            List<SignatureFacts.TimeStampFacts> timeStamps = new ArrayList<>(facts.signatureTimeStamps());
            timeStamps.addAll(facts.archiveTimeStamps());
            for (SignatureFacts.TimeStampFacts ts : timeStamps) {
                if (ts.tsa() != null) {
                    subjects.add(ts.tsa());
                }
                pool.addAll(ts.certificates());
            }
            ValidationData material = services.prove(new ValidationNeeds(List.copyOf(subjects), List.copyOf(pool), facts.crls(),
                    facts.ocspResponses()));
            // only what the signature does not carry yet: a renewal adds no second copy of the same values
            List<X509Certificate> certificates = material.certificates().stream().filter(c -> !facts.certificates().contains(c)).toList();
            List<X509CRL> crls = material.crls().stream().filter(c -> !facts.crls().contains(c)).toList();
            List<byte[]> ocsp = material.ocspResponses().stream()
                    .filter(o -> facts.ocspResponses().stream().noneMatch(f -> Arrays.equals(f, o))).toList();
            longTerm = new JadesSigner.LongTerm(certificates, crls, ocsp, extending.target() == BaselineLevel.B_LTA);
        }
        byte[] extended = JadesSigner.extend(jws, !facts.signatureTimeStamps().isEmpty(), longTerm, services.timeStamps());
        return new Produced(Spool.of(extended), "application/jose+json", extending.digest(), Instant.now());
    }
}
