package dev.connectorjobs.worker.connector.jira;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plain text as an Atlassian Document Format document, which REST v3 requires for rich-text fields
 * such as an issue's description: blank lines separate paragraphs, and a single line break becomes
 * a {@code hardBreak}. ADF forbids empty text nodes, so blank lines produce none.
 */
final class Adf {

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\R\\s*\\R");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private Adf() {}

    /** {@code {"type": "doc", "version": 1, "content": [paragraphs]}}. */
    static Map<String, Object> document(String text) {
        List<Object> paragraphs = new ArrayList<>();
        for (String paragraph : PARAGRAPH_BREAK.split(text.strip())) {
            if (!paragraph.isBlank()) {
                paragraphs.add(Map.of("type", "paragraph", "content", inline(paragraph.strip())));
            }
        }
        return Map.of("type", "doc", "version", 1, "content", paragraphs);
    }

    private static List<Object> inline(String paragraph) {
        List<Object> content = new ArrayList<>();
        String[] lines = LINE_BREAK.split(paragraph);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                content.add(Map.of("type", "hardBreak"));
            }
            if (!lines[i].isEmpty()) {
                content.add(Map.of("type", "text", "text", lines[i]));
            }
        }
        return content;
    }
}
