package dev.sealgate.formats.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.formats.Appearance;
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

/** PDF signatures: PAdES (ETSI EN 319 142-1), and other PDF signatures read as they are. */
@ApplicationScoped
public class PadesFormat implements DocumentFormat {

    private static final Identity IDENTITY = new Identity(SignatureFormat.Format.PADES, "PAdES", "PDF", "a PDF", 10);

    /** What a parsed PDF keeps per object beyond its bytes (the parser's object pool and cross-reference map), measured generously. */
    static final int BYTES_PER_OBJECT = 256;

    private final PadesInspector inspector;

    @Inject
    public PadesFormat(PadesInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Identity identity() {
        return IDENTITY;
    }

    /** ISO 32000-1 7.5.2: the header {@code %PDF-}, leading white space tolerated as readers do. */
    @Override
    public boolean recognises(byte[] document) {
        return new String(document, 0, Math.min(document.length, 1024), StandardCharsets.ISO_8859_1).stripLeading().startsWith("%PDF-");
    }

    @Override
    public List<Inspected> inspect(byte[] document, Path original) {
        return inspector.inspect(document);
    }

    /**
     * A PDF's parse costs memory per object, beyond its bytes: charged too, so that many object-heavy PDFs at once are
     * turned away rather than exhausting the heap.
     */
    @Override
    public long parsingCost(byte[] document) {
        return (long) PadesInspector.countObjects(document) * BYTES_PER_OBJECT;
    }

    @Override
    public SignatureFormat.Packaging defaultPackaging() {
        return SignatureFormat.Packaging.ENVELOPED;
    }

    @Override
    public boolean makes(SignatureFormat.Packaging packaging, BaselineLevel level) {
        return packaging == SignatureFormat.Packaging.ENVELOPED;
    }

    @Override
    public boolean signsMediaType(String mediaType) {
        return mediaType.startsWith("application/pdf");
    }

    @Override
    public boolean optionallyVisible() {
        return true;
    }

    /** A visible signature carries the QR code of its check address. */
    @Override
    public boolean showsCheckCode(SignatureRequest request) {
        return request.mark() != null;
    }

    private static final String MEDIA_TYPE = "application/pdf";

    /**
     * An incremental update with the signature (EN 319 142-1), visible when the request places a mark; B-T with a
     * signature time-stamp, B-LT a DSS dictionary, B-LTA a DSS dictionary and a document time-stamp over it.
     */
    @Override
    public Produced make(Making making, InputStream body) throws IOException {
        SignatureRequest.Placement place = making.request().mark() == null ? SignatureRequest.Placement.DEFAULT : making.request().mark();
        return making.envelop(body, MEDIA_TYPE, (pdf, now, out) -> {
            SignatureAppearance appearance = making.appearance() == null ? null : appearance(making.appearance().apply(now), place);
            return new Making.Written(sign(making, now, pdf, appearance, out), appearance != null);
        });
    }

    private static SignatureAppearance appearance(Appearance shown, SignatureRequest.Placement place) {
        return new SignatureAppearance(place.page(), place.x(), place.y(), place.width(), shown.sealName(), shown.lines(), shown.qrText(),
                shown.qrCaption());
    }

    /** Signs the PDF (visibly when {@code appearance} is given); returns its number of pages. */
    private static int sign(Making making, Instant now, Spool pdf, SignatureAppearance appearance, OutputStream output)
            throws IOException {
        SigningServices services = making.services();
        BaselineLevel level = making.request().level();
        TimeStampSource timeStamps = level == BaselineLevel.B_B ? null : services.timeStamps();
        String name = making.key().certificate().getSubjectX500Principal().getName();
        if (!level.longTerm()) {
            return PadesSigner.sign(pdf, making.key(), now, timeStamps, services.tsaChain(), name, appearance, output).pages();
        }
        Spool signed = services.newSpool();
        int pages;
        try {
            try (OutputStream out = signed) {
                pages = PadesSigner.sign(pdf, making.key(), now, timeStamps, services.tsaChain(), name, appearance, out).pages();
            }
            PadesSigner.ValidationData data = data(services.validationData(making.key()));
            if (level == BaselineLevel.B_LT) {
                PadesSigner.addValidationData(signed, data, output);
            } else {
                Spool withData = services.newSpool();
                try {
                    try (OutputStream out = withData) {
                        PadesSigner.addValidationData(signed, data, out);
                    }
                    PadesSigner.addDocumentTimeStamp(withData, services.timeStamps(), services.tsaChain(), output);
                } finally {
                    withData.discard();
                }
            }
        } finally {
            signed.discard();
        }
        return pages;
    }

    private static PadesSigner.ValidationData data(ValidationData material) {
        return new PadesSigner.ValidationData(material.certificates(), material.ocspResponses(), material.crls());
    }

    /**
     * B-T is a document time-stamp over the signed revision (EN 319 142-1 5.3: a PDF signature cannot gain a signature
     * time-stamp afterwards); B-LT a DSS dictionary; B-LTA a DSS dictionary (with the previous time-stamps' validation
     * data) and a document time-stamp over it.
     */
    @Override
    public Produced extend(Extending extending) throws IOException {
        SigningServices services = extending.services();
        BaselineLevel target = extending.target();
        Spool input = Spool.ofFile(extending.signed());
        List<Spool> stages = new ArrayList<>();
        try {
            Spool pdf = input;
            if (extending.current() == BaselineLevel.B_B && target != BaselineLevel.B_LTA) {
                // B-LTA's own document time-stamp proves the signature's time as well; B-T and B-LT need one first
                pdf = stage(services, stages, pdf, (in, out) -> PadesSigner.addDocumentTimeStamp(in, services.timeStamps(),
                        services.tsaChain(), out));
            }
            if (target.longTerm()) {
                PadesSigner.ValidationData data = data(services.prove(PadesSigner.material(pdf)));
                pdf = stage(services, stages, pdf, (in, out) -> PadesSigner.addValidationData(in, data, out));
            }
            if (target == BaselineLevel.B_LTA) {
                pdf = stage(services, stages, pdf, (in, out) -> PadesSigner.addDocumentTimeStamp(in, services.timeStamps(),
                        services.tsaChain(), out));
            }
            stages.remove(pdf);
            return new Produced(pdf, MEDIA_TYPE, extending.digest(), Instant.now());
        } finally {
            stages.forEach(Spool::discard);
        }
    }

    private interface Step {
        void apply(Spool in, OutputStream out) throws IOException;
    }

    private static Spool stage(SigningServices services, List<Spool> stages, Spool in, Step step) throws IOException {
        Spool out = services.newSpool();
        stages.add(out);
        try (OutputStream stream = out) {
            step.apply(in, stream);
        }
        return out;
    }
}
