package dev.sealgate.verification.blocks;

import java.util.ArrayList;
import java.util.List;

import dev.sealgate.verification.report.ValidationReport.Message;

/** What the building blocks found about one signature, in the order they found it: errors and warnings for the report. */
final class Findings {

    final List<Message> errors = new ArrayList<>();
    final List<Message> warnings = new ArrayList<>();

    void error(String code, String text) {
        errors.add(new Message(code, text));
    }

    void warning(String code, String text) {
        warnings.add(new Message(code, text));
    }
}
