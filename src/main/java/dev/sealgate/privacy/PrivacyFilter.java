package dev.sealgate.privacy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Purposes come from the policies read at start-up, so this stays as small as they are. */
    private final Map<SharingPolicy.Purpose, Plan> plans = new ConcurrentHashMap<>();

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
        Plan plan = plans.computeIfAbsent(purpose, Plan::of);
        ObjectNode out = NODES.objectNode();
        List<FieldDecision> decisions = new ArrayList<>();
        List<String> released = new ArrayList<>();
        for (CompiledRule compiled : plan.rules()) {
            FieldRule rule = compiled.rule();
            if (copy(record, out, compiled, 0, scope, today)) {
                released.add(rule.path());
                decisions.add(new FieldDecision(rule.path(), true, rule.op().label(), compiled.reason()));
            }
        }
        for (String leaf : leaves(record, "")) {
            if (covered(leaf, released)) {
                continue;
            }
            boolean drop = covered(leaf, plan.dropped());
            decisions.add(new FieldDecision(leaf, false, drop ? "drop" : null,
                    drop ? "dropped by the policy" : "no rule names it: withheld by default"));
        }
        return new Filtered(out, decisions);
    }

    /** A purpose prepared once: the rules that release something, with their split paths, and the dropped paths. */
    private record Plan(List<CompiledRule> rules, List<String> dropped) {

        static Plan of(SharingPolicy.Purpose purpose) {
            List<CompiledRule> rules = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            for (FieldRule rule : purpose.fields()) {
                if (rule.op() == FieldRule.Operator.DROP) {
                    dropped.add(rule.path());
                } else {
                    rules.add(CompiledRule.of(rule));
                }
            }
            return new Plan(List.copyOf(rules), List.copyOf(dropped));
        }
    }

    /** A rule with its path split into names ({@code []} stripped, marked in {@code arrays}) and its reason text. */
    private record CompiledRule(FieldRule rule, String[] names, boolean[] arrays, String reason) {

        static CompiledRule of(FieldRule rule) {
            String[] steps = rule.path().split("\\.");
            String[] names = new String[steps.length];
            boolean[] arrays = new boolean[steps.length];
            for (int i = 0; i < steps.length; i++) {
                arrays[i] = steps[i].endsWith("[]");
                names[i] = arrays[i] ? steps[i].substring(0, steps[i].length() - 2) : steps[i];
            }
            return new CompiledRule(rule, names, arrays, describe(rule));
        }
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
        int first = rule.keepFirst() == null ? 0 : rule.keepFirst();
        int last = rule.keepLast() == null ? 0 : rule.keepLast();
        int length = text.codePointCount(0, text.length());
        boolean tooShort = length <= first + last;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        for (int at = 0; at < text.length(); i++) {
            int point = text.codePointAt(at);
            at += Character.charCount(point);
            boolean visible = !tooShort && (i < first || i >= length - last);
            if (visible) {
                out.appendCodePoint(point);
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

    /** Copies the transformed values at the rule's path from {@code source} into {@code target}; whether any was. */
    private boolean copy(JsonNode source, ObjectNode target, CompiledRule compiled, int index, String scope,
            LocalDate today) {
        String name = compiled.names()[index];
        JsonNode value = source.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        boolean last = index == compiled.names().length - 1;
        boolean any = false;
        if (compiled.arrays()[index]) {
            if (!value.isArray()) {
                return false;
            }
            ArrayNode into = target.get(name) instanceof ArrayNode existing ? existing : target.putArray(name);
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                while (into.size() <= i) {
                    into.add(last ? NODES.nullNode() : NODES.objectNode());
                }
                if (last) {
                    Optional<JsonNode> result = transform(compiled.rule(), element, scope, today);
                    if (result.isPresent()) {
                        into.set(i, result.get());
                        any = true;
                    }
                } else if (element.isObject() && into.get(i) instanceof ObjectNode child) {
                    any |= copy(element, child, compiled, index + 1, scope, today);
                }
            }
        } else if (last) {
            Optional<JsonNode> result = transform(compiled.rule(), value, scope, today);
            if (result.isPresent()) {
                target.set(name, result.get());
                any = true;
            }
        } else if (value.isObject()) {
            ObjectNode child = target.get(name) instanceof ObjectNode existing ? existing : target.putObject(name);
            any = copy(value, child, compiled, index + 1, scope, today);
        }
        return any;
    }

    /** Every leaf of the record as a path ({@code household[].name}). */
    static List<String> leaves(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        leaves(node, prefix, out);
        return out;
    }

    private static void leaves(JsonNode node, String prefix, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                leaves(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            String path = prefix + "[]";
            int from = out.size();
            for (JsonNode element : node) {
                leaves(element, path, out);
            }
            if (node.isEmpty()) {
                out.add(path);
            }
            // Elements share their paths: each path once, in the order first seen (sections are short).
            int kept = from;
            for (int i = from; i < out.size(); i++) {
                String leaf = out.get(i);
                if (!out.subList(from, kept).contains(leaf)) {
                    out.set(kept++, leaf);
                }
            }
            out.subList(kept, out.size()).clear();
        } else {
            out.add(prefix);
        }
    }

    /** Whether {@code leaf} is one of {@code paths} or lies under one (without building the prefixes). */
    private static boolean covered(String leaf, List<String> paths) {
        for (String path : paths) {
            int length = path.length();
            if (leaf.startsWith(path) && (leaf.length() == length || leaf.charAt(length) == '.'
                    || leaf.startsWith("[]", length))) {
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
