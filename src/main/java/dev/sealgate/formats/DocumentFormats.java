package dev.sealgate.formats;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** Every {@link DocumentFormat} plug-in CDI finds, by content and by name: the one place a format is chosen. */
@ApplicationScoped
public class DocumentFormats {

    private List<DocumentFormat> all;

    private Map<SignatureFormat.Format, DocumentFormat> byId;

    @Inject
    DocumentFormats(Instance<DocumentFormat> plugins) {
        this(plugins.stream().toList());
    }

    /** The given plug-ins (outside CDI: benchmarks, offline validation). */
    public DocumentFormats(List<DocumentFormat> plugins) {
        all = plugins.stream().sorted(Comparator.comparingInt(format -> format.identity().order())).toList();
        byId = new EnumMap<>(SignatureFormat.Format.class);
        for (DocumentFormat format : all) {
            if (byId.put(format.id(), format) != null) {
                throw new IllegalStateException("Two plug-ins for the format " + format.id());
            }
        }
        for (SignatureFormat.Format id : SignatureFormat.Format.values()) {
            if (!byId.containsKey(id)) {
                throw new IllegalStateException("No plug-in for the format " + id);
            }
        }
    }

    /** The format of {@code document}, from its content; {@code 400 unrecognised-signature} when no format knows it. */
    public DocumentFormat recognise(byte[] document) {
        for (DocumentFormat format : all) {
            if (format.recognises(document)) {
                return format;
            }
        }
        throw new ProblemException(ProblemType.UNRECOGNISED_SIGNATURE, "The 'signed' part is neither "
                + all.stream().map(format -> format.identity().describedAs()).collect(Collectors.joining(", ")).replaceFirst(", ([^,]*)$", " nor $1")
                + ".");
    }

    public DocumentFormat of(SignatureFormat.Format id) {
        return byId.get(id);
    }

    public List<DocumentFormat> all() {
        return all;
    }

    /** The format a request without {@code format} is signed in: the first whose media type it is, else the one signing any file. */
    public DocumentFormat forMediaType(String mediaType) {
        String type = mediaType == null ? "" : mediaType.strip().toLowerCase(java.util.Locale.ROOT);
        DocumentFormat anyFile = null;
        for (DocumentFormat format : all) {
            if (format.signsAnyFile()) {
                anyFile = anyFile == null ? format : anyFile;
            } else if (format.signsMediaType(type)) {
                return format;
            }
        }
        if (anyFile == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "Name the format: no format signs " + type + ".");
        }
        return anyFile;
    }
}
