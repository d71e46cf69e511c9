package io.seckill.compensation.archive;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * RFC 4180 rows: CRLF line ends; a field with a comma, a double quote, CR or LF is quoted and its quotes doubled.
 * Written here rather than with a CSV library: this is the whole of the rule, and the export needs nothing else.
 */
final class CsvRows {

    static final String HEADER = "id,reservationId,activityId,userId,quantity,status,retries,lastError,createdAt,updatedAt,resolvedAt,resolvedBy,payload";

    private CsvRows() {
    }

    static void header(Writer out) throws IOException {
        out.write('\uFEFF'); // the byte-order mark that makes Excel read UTF-8
        out.write(HEADER);
        out.write("\r\n");
    }

    static void row(Writer out, ArchivedOrder a) throws IOException {
        Object[] fields = {a.id(), a.reservationId(), a.activityId(), a.userId(), a.quantity(), a.status(), a.retries(),
                a.lastError(), a.createdAt(), a.updatedAt(), a.resolvedAt(), a.resolvedBy(), a.payload()};
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields[i]));
        }
        out.write("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Instant || value instanceof Number || value instanceof Enum<?> ? value.toString() : (String) value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
