package dev.llmkit.documents;

import java.util.List;

/**
 * Renders a table as Markdown rows under their header, in blocks of at most {@link #ROWS_PER_BLOCK} rows, each block
 * with the header again, so that no row is ever read, or chunked, away from its column names.
 */
public final class Tables {
    /** Rows per block; each block repeats the header. */
    public static final int ROWS_PER_BLOCK = 15;

    private Tables() {}

    /** {@code rows} (the first is the header) as Markdown blocks separated by blank lines; empty for no rows. */
    public static String markdown(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> header = rows.get(0);
        StringBuilder sb = new StringBuilder();
        if (rows.size() == 1) {
            return row(sb, header).toString().strip();
        }
        for (int from = 1; from < rows.size(); from += ROWS_PER_BLOCK) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            row(sb, header);
            sb.append('|');
            header.forEach(h -> sb.append(" --- |"));
            sb.append('\n');
            for (int i = from; i < Math.min(rows.size(), from + ROWS_PER_BLOCK); i++) {
                row(sb, rows.get(i));
            }
        }
        return sb.toString().strip();
    }

    private static StringBuilder row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace('|', '/').replace('\n', ' ').strip()).append(" |");
        }
        return sb.append('\n');
    }
}
