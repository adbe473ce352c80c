package dev.sealgate.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void lengthAndCharacters() {
        assertFalse(ResidentId.isValid(null));
        assertFalse(ResidentId.isValid(""));
        assertFalse(ResidentId.isValid("11010519491231002"));
        assertFalse(ResidentId.isValid("1101051949123100 X"));
        assertTrue(ResidentId.isValid("11010519491231002x"));
    }
}
