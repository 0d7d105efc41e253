package dev.llmkit.documents;

import java.util.List;

/**
 * Renders a table as Markdown rows under their header, in blocks of at most {@link #ROWS_PER_BLOCK} rows and about
 * {@link #CHARS_PER_BLOCK} characters, each block with the header again and separated by a blank line. A block fits in
 * one chunk of the default chunker (256 tokens), which keeps a paragraph whole, so no row is ever read, or chunked,
 * away from its column names; only a single row longer than a chunk is cut.
 */
public final class Tables {
    /** Rows per block; each block repeats the header. */
    public static final int ROWS_PER_BLOCK = 15;
    /** Characters per block, header included, beyond which a new block starts (a block keeps at least one row). */
    public static final int CHARS_PER_BLOCK = 600;

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
        String head = row(new StringBuilder(), header).append('|').append(" --- |".repeat(header.size())).append('\n')
                .toString();
        int i = 1;
        while (i < rows.size()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int blockStart = sb.length();
            sb.append(head);
            int inBlock = 0;
            while (i < rows.size() && inBlock < ROWS_PER_BLOCK) {
                int before = sb.length();
                row(sb, rows.get(i));
                if (inBlock > 0 && sb.length() - blockStart > CHARS_PER_BLOCK) {
                    sb.setLength(before);
                    break;
                }
                inBlock++;
                i++;
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
