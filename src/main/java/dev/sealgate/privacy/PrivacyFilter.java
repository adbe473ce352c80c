package dev.sealgate.privacy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.sealgate.crypto.Pseudonyms;
import dev.sealgate.privacy.detect.PiiScanner;

/**
 * Applies one purpose of a sharing policy to one record. The output is built from the rules alone,
 * so a field no rule names can never appear in it (default deny); every field of the input is
 * accounted for as released (with its operator) or withheld (with the reason).
 */
public final class PrivacyFilter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Pseudonyms pseudonyms;
    private final PiiScanner scanner;

    public PrivacyFilter(Pseudonyms pseudonyms, PiiScanner scanner) {
        this.pseudonyms = pseudonyms;
        this.scanner = scanner;
    }

    /** What happened to one path of the record. */
    public record FieldDecision(String path, boolean released, String operator, String reason) {
    }

    public record Filtered(ObjectNode released, List<FieldDecision> decisions) {
    }

    /** @param scope partner and purpose: pseudonyms are stable within a scope and differ across scopes */
    public Filtered apply(JsonNode record, SharingPolicy.Purpose purpose, String scope, LocalDate today) {
        ObjectNode out = NODES.objectNode();
        List<FieldDecision> decisions = new ArrayList<>();
        List<String> released = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (FieldRule rule : purpose.fields()) {
            if (rule.op() == FieldRule.Operator.DROP) {
                dropped.add(rule.path());
                continue;
            }
            boolean[] any = { false };
            copy(record, out, rule.path().split("\\."), 0, value -> {
                Optional<JsonNode> result = transform(rule, value, scope, today);
                result.ifPresent(v -> any[0] = true);
                return result;
            });
            if (any[0]) {
                released.add(rule.path());
                decisions.add(new FieldDecision(rule.path(), true, rule.op().label(), describe(rule)));
            }
        }
        for (String leaf : leaves(record, "")) {
            if (covered(leaf, released)) {
                continue;
            }
            boolean drop = covered(leaf, dropped);
            decisions.add(new FieldDecision(leaf, false, drop ? "drop" : null,
                    drop ? "dropped by the policy" : "no rule names it: withheld by default"));
        }
        return new Filtered(out, decisions);
    }

    private Optional<JsonNode> transform(FieldRule rule, JsonNode value, String scope, LocalDate today) {
        if (rule.op() == FieldRule.Operator.KEEP) {
            return Optional.of(value.deepCopy());
        }
        if (!value.isValueNode()) {
            return Optional.empty();
        }
        String text = value.asText();
        return switch (rule.op()) {
            case MASK -> Optional.of(TextNode.valueOf(mask(text, rule)));
            case PSEUDONYM -> Optional.of(TextNode.valueOf(pseudonyms.token(scope, text)));
            case REDACT_PII -> Optional.of(TextNode.valueOf(scanner.redact(text)));
            case GENERALIZE -> generalise(rule, value, today).map(TextNode::valueOf);
            default -> Optional.empty();
        };
    }

    private static Optional<String> generalise(FieldRule rule, JsonNode value, LocalDate today) {
        String text = value.asText();
        return switch (rule.to()) {
            case "year" -> Generalisations.year(text);
            case "age-band" -> Generalisations.ageBand(text, today);
            case "province" -> Generalisations.province(text);
            case "city" -> Generalisations.city(text);
            case "range" -> value.isNumber() ? Optional.of(Generalisations.range(value.asDouble(), rule.step()))
                    : parseNumber(text).map(n -> Generalisations.range(n, rule.step()));
            default -> Optional.empty();
        };
    }

    private static String mask(String text, FieldRule rule) {
        int[] points = text.codePoints().toArray();
        int first = rule.keepFirst() == null ? 0 : rule.keepFirst();
        int last = rule.keepLast() == null ? 0 : rule.keepLast();
        StringBuilder out = new StringBuilder();
        boolean tooShort = points.length <= first + last;
        for (int i = 0; i < points.length; i++) {
            boolean visible = !tooShort && (i < first || i >= points.length - last);
            if (visible) {
                out.appendCodePoint(points[i]);
            } else {
                out.append(rule.maskChar());
            }
        }
        return out.toString();
    }

    private static String describe(FieldRule rule) {
        return switch (rule.op()) {
            case MASK -> "masked, keeping " + (rule.keepFirst() == null ? 0 : rule.keepFirst()) + " first and "
                    + (rule.keepLast() == null ? 0 : rule.keepLast()) + " last characters";
            case PSEUDONYM -> "replaced by a keyed pseudonym for this partner and purpose";
            case GENERALIZE -> "generalised to " + rule.to();
            case REDACT_PII -> "identifiers in the text replaced by typed placeholders";
            default -> "released as is";
        };
    }

    private static void copy(JsonNode source, ObjectNode target, String[] steps, int index,
            Function<JsonNode, Optional<JsonNode>> transform) {
        String step = steps[index];
        boolean array = step.endsWith("[]");
        String name = array ? step.substring(0, step.length() - 2) : step;
        JsonNode value = source.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        boolean last = index == steps.length - 1;
        if (array) {
            if (!value.isArray()) {
                return;
            }
            ArrayNode into = target.get(name) instanceof ArrayNode existing ? existing : target.putArray(name);
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                while (into.size() <= i) {
                    into.add(last ? NODES.nullNode() : NODES.objectNode());
                }
                if (last) {
                    Optional<JsonNode> result = transform.apply(element);
                    if (result.isPresent()) {
                        into.set(i, result.get());
                    }
                } else if (element.isObject() && into.get(i) instanceof ObjectNode child) {
                    copy(element, child, steps, index + 1, transform);
                }
            }
        } else if (last) {
            transform.apply(value).ifPresent(result -> target.set(name, result));
        } else if (value.isObject()) {
            ObjectNode child = target.get(name) instanceof ObjectNode existing ? existing : target.putObject(name);
            copy(value, child, steps, index + 1, transform);
        }
    }

    /** Every leaf of the record as a path ({@code household[].name}). */
    static List<String> leaves(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                out.addAll(leaves(node.get(name), path));
            });
        } else if (node.isArray()) {
            String path = prefix + "[]";
            for (JsonNode element : node) {
                for (String leaf : leaves(element, path)) {
                    if (!out.contains(leaf)) {
                        out.add(leaf);
                    }
                }
            }
            if (node.isEmpty()) {
                out.add(path);
            }
        } else {
            out.add(prefix);
        }
        return out;
    }

    private static boolean covered(String leaf, List<String> paths) {
        for (String path : paths) {
            if (leaf.equals(path) || leaf.startsWith(path + ".") || leaf.startsWith(path + "[]")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Double> parseNumber(String text) {
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
