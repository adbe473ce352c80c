package dev.sealgate.sharing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What the citizen is shown about a release is what the log proves: the release's entry binds the
 * digest of its citizen-visible fields (leaf version 3), so a disclosure row edited in the database —
 * purpose, case reference, legal basis, fields released — is marked on the citizen's own list and
 * found by the auditor's verify; so are a row without an entry and an entry whose row was deleted.
 * Every edit is undone before the next, and the log is intact again at the end.
 */
@QuarkusTest
class DisclosureAuditTest {

    private static final String CITIZEN1 = "11010519491231002X";
    private static final String RESIDENCE = """
            {"name":"Li Wei","nationalId":"11010519491231002X","birthDate":"1949-12-31","sex":"M",
             "address":"北京市东城区景山前街4号","phone":"13812345678","household":[]}""";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void publish() {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(RESIDENCE)
                .post("/api/v1/datasets/residence/records").then().statusCode(201);
    }

    private static String release(String caseReference) {
        String token = TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret");
        String entry = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("dataset", "residence", "nationalId", CITIZEN1, "purpose", "epidemiological-survey",
                        "caseReference", caseReference))
                .post("/api/v1/shares").then().statusCode(200).extract().header("SealGate-Audit-Entry");
        assertNotNull(entry);
        return entry;
    }

    /** How the citizen's own list marks the release with {@code caseReference} (null when it is not listed). */
    private static String citizenSees(String caseReference) {
        JsonPath mine = given().auth().oauth2(TestRealm.userToken("citizen1")).get("/api/v1/me/disclosures?size=100").then()
                .statusCode(200).extract().jsonPath();
        return mine.getString("find { it.caseReference == '" + caseReference + "' }.auditLog");
    }

    private static JsonPath verify() {
        return given().auth().oauth2(TestRealm.userToken("auditor1")).get("/api/v1/audit/verify").then().statusCode(200)
                .extract().jsonPath();
    }

    private String disclosureOf(String entry) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select id from disclosure where audit_entry_id = ?")) {
            select.setString(1, entry);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the release's row names its entry");
                return row.getString(1);
            }
        }
    }

    private void update(String sql, Object... values) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            assertEquals(1, update.executeUpdate(), sql);
        }
    }

    private Map<String, Object> row(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select * from disclosure where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    values.put(row.getMetaData().getColumnLabel(i).toLowerCase(), row.getObject(i));
                }
                return values;
            }
        }
    }

    private void insert(Map<String, Object> values) throws Exception {
        List<String> columns = new ArrayList<>(values.keySet());
        String sql = "insert into disclosure (" + String.join(", ", columns) + ") values ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        update(sql, columns.stream().map(values::get).toArray());
    }

    private static List<Map<String, String>> findings(JsonPath verified) {
        return verified.getList("detailsNotMatching");
    }

    @Test
    void aReleaseMatchesItsEntryUntilItsRowIsEdited() throws Exception {
        String reference = "EPI-" + UUID.randomUUID();
        String entry = release(reference);
        String id = disclosureOf(entry);
        assertEquals("matches", citizenSees(reference));
        JsonPath intact = verify();
        assertTrue(intact.getBoolean("intact"), intact.prettify());
        assertTrue(intact.getLong("detailsChecked") >= 1);

        // each field the citizen is shown, edited in the database and put back
        Map<String, Object> original = row(id);
        Map<String, Object> edits = new LinkedHashMap<>();
        edits.put("purpose", "marketing");
        edits.put("case_reference", "NOTHING-TO-SEE");
        edits.put("legal_basis", "none");
        edits.put("fields_released", "[]");
        edits.put("recipient", "partner-tax-bureau");
        for (Map.Entry<String, Object> edit : edits.entrySet()) {
            update("update disclosure set " + edit.getKey() + " = ? where id = ?", edit.getValue(), id);
            String shownAs = edit.getKey().equals("case_reference") ? "NOTHING-TO-SEE" : reference;
            assertEquals("altered", citizenSees(shownAs), edit.getKey() + " edited: the citizen's list says so");
            JsonPath broken = verify();
            assertFalse(broken.getBoolean("intact"), edit.getKey() + " edited: verify is not intact");
            assertTrue(findings(broken).stream().anyMatch(f -> id.equals(f.get("objectId")) && "altered".equals(f.get("problem"))
                    && entry.equals(f.get("auditEntry"))), broken.prettify());
            update("update disclosure set " + edit.getKey() + " = ? where id = ?", original.get(edit.getKey()), id);
            assertEquals("matches", citizenSees(reference));
        }

        // pointed at another entry (a signature's, say): altered too
        update("update disclosure set audit_entry_id = null where id = ?", id);
        assertEquals("not-logged", citizenSees(reference));
        assertTrue(findings(verify()).stream().anyMatch(f -> id.equals(f.get("objectId")) && "not-logged".equals(f.get("problem"))));
        update("update disclosure set audit_entry_id = ? where id = ?", entry, id);

        // deleted: gone from the citizen's list, found by the auditor as an entry without its row
        update("delete from disclosure where id = ?", id);
        assertEquals(null, citizenSees(reference));
        JsonPath deleted = verify();
        assertFalse(deleted.getBoolean("intact"));
        assertTrue(findings(deleted).stream().anyMatch(f -> id.equals(f.get("objectId")) && "row-missing".equals(f.get("problem"))
                && entry.equals(f.get("auditEntry"))), deleted.prettify());
        insert(original);

        assertEquals("matches", citizenSees(reference));
        JsonPath restored = verify();
        assertTrue(restored.getBoolean("intact"), restored.prettify());
    }

    @Test
    void theReleasesEntryIsVersionThreeAndBindsTheDigestTheCitizenCanRecompute() throws Exception {
        String reference = "EPI-" + UUID.randomUUID();
        String entry = release(reference);
        Disclosure disclosure = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Disclosure.findById(disclosureOf(entry)));
        JsonPath view = given().auth().oauth2(TestRealm.userToken("auditor1")).queryParam("action", "share.release")
                .queryParam("from", java.time.Instant.now().minusSeconds(300).toString()).queryParam("size", 200).get("/api/v1/audit/entries")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> logged = view.getMap("entries.find { it.id == '" + entry + "' }");
        assertNotNull(logged, "the auditor lists the release's entry");
        assertEquals(3, logged.get("version"));
        assertEquals(disclosure.detailsDigest(), logged.get("detailsDigest"));
        assertEquals(64, disclosure.detailsDigest().length());
    }
}
