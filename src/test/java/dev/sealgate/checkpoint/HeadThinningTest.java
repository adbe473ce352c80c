package dev.sealgate.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Old tree heads thinned out on the test database of the run (H2, or PostgreSQL with -Ppostgresql,
 * in a schema of its own), as of a chosen time: every head of the last day stays, of older ones
 * the first of each hour, and always the latest.
 */
class HeadThinningTest {

    private static final String SCHEMA = "head_thinning_test";
    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
    private static final HeadThinning DAY_THEN_HOURLY = new HeadThinning(Duration.ofDays(1), Duration.ofHours(1));

    private final SchemaOfItsOwn database = new SchemaOfItsOwn(SCHEMA);
    private final Flyway flyway = database.flyway("latest");

    @BeforeEach
    void database() {
        flyway.clean();
        flyway.migrate();
    }

    @AfterEach
    void dropIt() {
        flyway.clean();
    }

    private Connection connect() throws SQLException {
        return database.connect();
    }

    /** A head every {@code every} from {@code first} up to (not including) {@code until}, sizes growing by 10. */
    private static void heads(Connection c, Instant first, Instant until, Duration every, long startSize) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into audit_tree_head (tree_size, root_hash, created_at, "
                + "signature, time_stamp) values (?, ?, ?, 'signature', 'time-stamp')")) {
            long size = startSize;
            for (Instant at = first; at.isBefore(until); at = at.plus(every)) {
                insert.setLong(1, size);
                insert.setString(2, String.format("%064x", size));
                insert.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.addBatch();
                size += 10;
            }
            insert.executeBatch();
        }
    }

    private static List<Instant> kept(Connection c) throws SQLException {
        List<Instant> kept = new ArrayList<>();
        try (ResultSet row = c.createStatement().executeQuery("select created_at from audit_tree_head order by created_at, id")) {
            while (row.next()) {
                kept.add(row.getObject(1, OffsetDateTime.class).toInstant());
            }
        }
        return kept;
    }

    @Test
    void theLastDayStaysWholeAndOlderHeadsOnePerHour() throws SQLException {
        try (Connection c = connect()) {
            // three days of heads, one every ten minutes, starting at 00:05 so an hour's first is at :05
            Instant start = NOW.minus(Duration.ofDays(3)).minus(Duration.ofMinutes(715));
            heads(c, start, NOW, Duration.ofMinutes(10), 10);
            int before = kept(c).size();

            int deleted = DAY_THEN_HOURLY.run(c, NOW);

            List<Instant> kept = kept(c);
            assertEquals(before - deleted, kept.size());
            Instant cutoff = NOW.minus(Duration.ofDays(1));
            List<Instant> recent = kept.stream().filter(at -> !at.isBefore(cutoff)).toList();
            assertEquals(6 * 24, recent.size(), "every head of the last day");
            List<Instant> older = kept.stream().filter(at -> at.isBefore(cutoff)).toList();
            for (int i = 0; i < older.size(); i++) {
                assertEquals(5, older.get(i).atOffset(ZoneOffset.UTC).getMinute(), "the first head of its hour: " + older.get(i));
                if (i > 0) {
                    assertEquals(Duration.ofHours(1), Duration.between(older.get(i - 1), older.get(i)), "one an hour");
                }
            }
            assertEquals(before - 6 * 24 - older.size(), deleted);
            assertTrue(older.size() >= 2 * 24, older.size() + " hourly heads kept");

            assertEquals(0, DAY_THEN_HOURLY.run(c, NOW), "a second run has nothing left to do");
            assertEquals(kept, kept(c));
        }
    }

    @Test
    void theLatestHeadStaysEvenWhenTheLogWasIdleForDays() throws SQLException {
        try (Connection c = connect()) {
            Instant lastActive = NOW.minus(Duration.ofDays(5)).plus(Duration.ofMinutes(45)); // 12:15 to 12:45, one hour
            heads(c, lastActive.minus(Duration.ofMinutes(30)), lastActive.plusSeconds(1), Duration.ofMinutes(10), 100);

            assertEquals(2, DAY_THEN_HOURLY.run(c, NOW));
            try (ResultSet row = c.createStatement().executeQuery("select tree_size from audit_tree_head order by tree_size")) {
                List<Long> sizes = new ArrayList<>();
                while (row.next()) {
                    sizes.add(row.getLong(1));
                }
                assertEquals(List.of(100L, 130L), sizes, "the hour's first head and the latest");
            }
        }
    }

    @Test
    void anEmptyLogAndAPeriodOfNothingAreNoTrouble() throws SQLException {
        try (Connection c = connect()) {
            assertEquals(0, DAY_THEN_HOURLY.run(c, NOW));
        }
        assertThrows(IllegalArgumentException.class, () -> new HeadThinning(Duration.ofDays(1), Duration.ZERO));
    }
}
