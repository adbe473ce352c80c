package dev.sealgate.testsupport;

import java.util.List;

import dev.sealgate.formats.DocumentFormats;
import dev.sealgate.formats.cades.CadesFormat;
import dev.sealgate.formats.jades.JadesFormat;
import dev.sealgate.formats.ofd.OfdFormat;
import dev.sealgate.formats.pades.PadesFormat;
import dev.sealgate.formats.pades.PadesInspector;

/** The format plug-ins outside CDI (benchmarks, offline validation), with the settings' defaults: what CDI collects in the service. */
public final class Formats {

    private Formats() {
    }

    public static DocumentFormats all() {
        return new DocumentFormats(List.of(new PadesFormat(new PadesInspector()), new CadesFormat(), new JadesFormat(), new OfdFormat()));
    }
}
