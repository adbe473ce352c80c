package dev.sealgate.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sealgate.crypto.Pseudonyms;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.privacy.detect.PiiScanner;

class PrivacyFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SharingPolicy> POLICIES = PolicyStore.read(Path.of("privacy-policies"));
    private static final PrivacyFilter FILTER = new PrivacyFilter(
            new Pseudonyms("a test key of thirty-two bytes or more!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
            new PiiScanner());
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static SharingPolicy.Purpose purpose(String partner, String dataset, String purpose) {
        return POLICIES.get(partner).datasets().get(dataset).get(purpose);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void everyOperatorOnABusinessLicence() throws Exception {
        JsonNode record = json("""
                {"uscc":"91350100M000100Y43","companyName":"Minjiang Tea Co.","secretNote":"do not share",
                 "legalRepresentative":{"name":"Li Wei","nationalId":"11010519491231002X","phone":"13812345678"},
                 "address":"福建省福州市鼓楼区五四路100号","registeredCapital":2500000}""");
        PrivacyFilter.Filtered result = FILTER.apply(record, purpose("partner-tax-bureau", "business-licence", "tax-registration"),
                "partner-tax-bureau|tax-registration", TODAY);
        JsonNode out = result.released();
        assertEquals("91350100M000100Y43", out.get("uscc").asText());
        assertEquals("Li Wei", out.at("/legalRepresentative/name").asText());
        assertEquals("138****5678", out.at("/legalRepresentative/phone").asText());
        assertTrue(out.at("/legalRepresentative/nationalId").asText().startsWith("ps_"));
        assertEquals("福建省福州市", out.get("address").asText());
        assertEquals("[2000000, 3000000)", out.get("registeredCapital").asText());
        assertFalse(out.has("secretNote"));
        assertTrue(result.decisions().stream().anyMatch(d -> d.path().equals("secretNote") && !d.released()
                && d.reason().contains("withheld by default")));
    }

    @Test
    void arraysDatesDropAndRedaction() throws Exception {
        JsonNode residence = json("""
                {"name":"Li Wei","nationalId":"11010519491231002X","birthDate":"1949-12-31","sex":"M",
                 "address":"北京市东城区景山前街4号","phone":"13812345678",
                 "household":[{"name":"Wang Fang","relation":"spouse","nationalId":"310115199003071239"},
                              {"name":"Li Na","relation":"child"}]}""");
        JsonNode out = FILTER.apply(residence, purpose("partner-health-commission", "residence", "epidemiological-survey"),
                "partner-health-commission|epidemiological-survey", TODAY).released();
        assertEquals("70-79", out.get("birthDate").asText());
        assertEquals("北京市", out.get("address").asText());
        assertEquals("spouse", out.at("/household/0/relation").asText());
        assertEquals("child", out.at("/household/1/relation").asText());
        assertFalse(out.at("/household/0").has("name"));
        assertFalse(out.has("name"));

        JsonNode insurance = json("""
                {"employer":"Minjiang Tea Co.","bankCard":"6217000000000000004",
                 "monthlyContributions":[{"month":"2026-10","amount":1234.5}],
                 "remarks":"Call 13812345678 or check ID 11010519491231002X, card 6217000000000000004"}""");
        PrivacyFilter.Filtered result = FILTER.apply(insurance,
                purpose("partner-health-commission", "social-insurance", "medical-insurance-settlement"), "h|m", TODAY);
        assertFalse(result.released().has("bankCard"));
        assertTrue(result.decisions().stream().anyMatch(d -> d.path().equals("bankCard") && "drop".equals(d.operator())));
        String remarks = result.released().get("remarks").asText();
        assertEquals("Call [MOBILE] or check ID [RESIDENT_ID], card [BANK_CARD]", remarks);
    }

    @Test
    void pseudonymsAreStablePerPartnerAndPurposeAndDifferAcross() throws Exception {
        JsonNode record = json("{\"nationalId\":\"11010519491231002X\"}");
        SharingPolicy.Purpose survey = purpose("partner-health-commission", "residence", "epidemiological-survey");
        String a1 = FILTER.apply(record, survey, "partner-health-commission|epidemiological-survey", TODAY).released().get("nationalId").asText();
        String a2 = FILTER.apply(record, survey, "partner-health-commission|epidemiological-survey", TODAY).released().get("nationalId").asText();
        String b = FILTER.apply(record, survey, "partner-tax-bureau|epidemiological-survey", TODAY).released().get("nationalId").asText();
        String c = FILTER.apply(record, survey, "partner-health-commission|other-purpose", TODAY).released().get("nationalId").asText();
        assertEquals(a1, a2);
        assertNotEquals(a1, b);
        assertNotEquals(a1, c);
        assertFalse(a1.contains("1101"));
    }

    /** Random records against every dev policy: nothing outside the rules leaves, no identifier survives redaction. */
    @Test
    void propertyNothingOutsideThePolicyLeaves() {
        Random random = new Random(20261125);
        for (SharingPolicy policy : POLICIES.values()) {
            for (var dataset : policy.datasets().entrySet()) {
                for (var purpose : dataset.getValue().entrySet()) {
                    List<String> allowed = purpose.getValue().fields().stream()
                            .filter(f -> f.op() != FieldRule.Operator.DROP).map(FieldRule::path).toList();
                    List<String> redacted = purpose.getValue().fields().stream()
                            .filter(f -> f.op() == FieldRule.Operator.REDACT_PII).map(FieldRule::path).toList();
                    for (int i = 0; i < 1000; i++) {
                        ObjectNode record = randomRecord(random, 3);
                        for (FieldRule rule : purpose.getValue().fields()) {
                            plant(record, rule.path(), random);
                        }
                        JsonNode out = FILTER.apply(record, purpose.getValue(), policy.partner() + "|" + purpose.getKey(), TODAY).released();
                        for (String leaf : PrivacyFilter.leaves(out, "")) {
                            assertTrue(allowed.stream().anyMatch(p -> leaf.equals(p) || leaf.startsWith(p + ".") || leaf.startsWith(p + "[]")),
                                    policy.reference() + " released " + leaf);
                        }
                        for (String path : redacted) {
                            JsonNode text = out.at("/" + path.replace(".", "/"));
                            if (text.isTextual()) {
                                assertNoValidIdentifier(text.asText());
                            }
                        }
                    }
                }
            }
        }
    }

    private static void assertNoValidIdentifier(String text) {
        for (int i = 0; i + 18 <= text.length(); i++) {
            assertFalse(ResidentId.isValid(text.substring(i, i + 18)), text);
        }
        String digits = text.replaceAll("[^0-9]", " ");
        for (String run : digits.trim().split("\\s+")) {
            if (run.length() >= 16 && run.length() <= 19) {
                assertFalse(luhn(run), text);
            }
        }
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }

    private static ObjectNode randomRecord(Random random, int depth) {
        ObjectNode node = JSON.createObjectNode();
        int fields = 1 + random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String name = "f" + random.nextInt(20);
            switch (depth > 0 ? random.nextInt(4) : 0) {
                case 1 -> node.set(name, randomRecord(random, depth - 1));
                case 2 -> {
                    ArrayNode array = node.putArray(name);
                    for (int k = random.nextInt(3); k > 0; k--) {
                        array.add(randomRecord(random, depth - 1));
                    }
                }
                default -> node.put(name, randomText(random));
            }
        }
        return node;
    }

    /** Puts a value with identifiers at a rule's path, so every rule meets real data. */
    private static void plant(ObjectNode record, String path, Random random) {
        String[] steps = path.split("\\.");
        ObjectNode node = record;
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i].replace("[]", "");
            boolean last = i == steps.length - 1;
            if (steps[i].endsWith("[]")) {
                ArrayNode array = node.putArray(step);
                ObjectNode element = array.addObject();
                if (last) {
                    array.removeAll();
                    array.add(randomText(random));
                    return;
                }
                node = element;
            } else if (last) {
                node.put(step, randomText(random));
            } else {
                node = node.putObject(step);
            }
        }
    }

    private static final String[] IDS = { "11010519491231002X", "440524188001010014", "310115199003071239",
            "6217000000000000004", "6228480012345671", "91350100M000100Y43", "13812345678", "2025-01-17", "福建省福州市鼓楼区" };

    private static String randomText(Random random) {
        return "note " + IDS[random.nextInt(IDS.length)] + " and " + IDS[random.nextInt(IDS.length)] + " " + random.nextInt(100000);
    }
}
