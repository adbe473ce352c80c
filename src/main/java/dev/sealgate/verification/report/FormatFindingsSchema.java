package dev.sealgate.verification.report;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The OpenAPI description of a signature report names what each format adds to it: every schema marked
 * {@value #MARK} (a format's {@code FormatFindings} record) lends its properties to {@code SignatureReport}, as the
 * report's JSON carries them (unwrapped), and is not listed on its own. No format is named here.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class FormatFindingsSchema implements OASFilter {

    /** The extension a format's findings schema carries. */
    public static final String MARK = "x-sealgate-format-findings";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        Schema report = components == null || components.getSchemas() == null ? null : components.getSchemas().get("SignatureReport");
        if (report == null) {
            return;
        }
        for (Map.Entry<String, Schema> entry : Map.copyOf(components.getSchemas()).entrySet()) {
            Schema findings = entry.getValue();
            if (findings.getExtensions() != null && findings.getExtensions().containsKey(MARK)) {
                if (findings.getProperties() != null) {
                    findings.getProperties().forEach(report::addProperty);
                }
                components.removeSchema(entry.getKey());
            }
        }
    }
}
