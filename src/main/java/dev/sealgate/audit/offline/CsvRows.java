package dev.sealgate.audit.offline;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV export with a header line, as PostgreSQL's {@code \copy ... csv header} and H2's
 * {@code CSVWRITE} write it (RFC 4180 quoting): an unquoted empty field is SQL NULL, a quoted one
 * ({@code ""}) an empty string. One row at a time, so an export of any size fits in memory.
 */
final class CsvRows implements AutoCloseable {

    private final Reader in;
    private final List<String> header;
    private long line = 1;

    CsvRows(Reader in) {
        this.in = in;
        List<String> names = readRecord();
        if (names == null) {
            throw new IllegalArgumentException("the file is empty (no header line)");
        }
        this.header = names.stream().map(name -> name == null ? "" : name.trim().toLowerCase()).toList();
    }

    /** The next row by column name, or null at the end. */
    Map<String, String> next() {
        List<String> values = readRecord();
        if (values == null) {
            return null;
        }
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("line " + line + ": " + values.size() + " fields, the header has " + header.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), values.get(i));
        }
        return row;
    }

    void require(String... columns) {
        for (String column : columns) {
            if (!header.contains(column)) {
                throw new IllegalArgumentException("column '" + column + "' is missing from the export");
            }
        }
    }

    private List<String> readRecord() {
        try {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new IllegalArgumentException("line " + line + ": unterminated quoted field");
                    }
                    if (c == '"') {
                        int after = in.read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',' || c == '\n' || c == -1) {
                    fields.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                    if (c != ',') {
                        line++;
                        return fields;
                    }
                } else if (c != '\r') {
                    field.append((char) c);
                }
                c = in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
