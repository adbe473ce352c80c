package dev.sealgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The resident ID vectors of cn-pii-vectors.json: every valid one accepted, every invalid one refused. */
class ResidentIdTest {

    @Test
    void sharedVectors() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/cn-pii-vectors.json")) {
            vectors = new ObjectMapper().readTree(in).get("resident_id");
        }
        for (JsonNode valid : vectors.get("valid")) {
            assertTrue(ResidentId.isValid(valid.asText()), valid.asText());
        }
        Iterator<Map.Entry<String, JsonNode>> invalid = vectors.get("invalid").fields();
        while (invalid.hasNext()) {
            Map.Entry<String, JsonNode> entry = invalid.next();
            assertFalse(ResidentId.isValid(entry.getKey()), entry.getKey() + ": " + entry.getValue().asText());
        }
    }

    @Test
    void legacyVectors() throws Exception {
        JsonNode legacy;
        try (InputStream in = getClass().getResourceAsStream("/cn-pii-vectors.json")) {
            legacy = new ObjectMapper().readTree(in).get("resident_id").get("legacy_15_to_18");
        }
        for (Map.Entry<String, JsonNode> pair : legacy.properties()) {
            assertTrue(ResidentId.isValidLegacy(pair.getKey()), pair.getKey());
            assertEquals(pair.getValue().asText(), ResidentId.upgradeLegacy(pair.getKey()));
        }
    }

    @Test
    void legacyRules() {
        assertFalse(ResidentId.isValidLegacy(null));
        assertFalse(ResidentId.isValidLegacy("11010549123100"), "14 digits");
        assertFalse(ResidentId.isValidLegacy("990105491231002"), "province 99");
        assertFalse(ResidentId.isValidLegacy("110105490230002"), "no 30 February");
        assertFalse(ResidentId.isValidLegacy("11010549123100X"), "no check character in legacy IDs");
        assertFalse(ResidentId.isValidLegacy("110105000229002"), "legacy years are 19YY and 1900 is no leap year");
        assertTrue(ResidentId.isValidLegacy("110105960229002"), "29 February 1996");
        assertThrows(IllegalArgumentException.class, () -> ResidentId.upgradeLegacy("11010519491231002X"));
    }

    @Test
    void lengthAndCharacters() {
        assertFalse(ResidentId.isValid(null));
        assertFalse(ResidentId.isValid(""));
        assertFalse(ResidentId.isValid("11010519491231002"));
        assertFalse(ResidentId.isValid("1101051949123100 X"));
        assertTrue(ResidentId.isValid("11010519491231002x"));
    }
}
