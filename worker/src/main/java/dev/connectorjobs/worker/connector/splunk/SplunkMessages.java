package dev.connectorjobs.worker.connector.splunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Splunk's own words about a request or a search job: the REST API answers {@code {"messages":
 * [{"type": "ERROR", "text": "..."}]}} on failures, and a search job's {@code content.messages} lists
 * its warnings and errors the same way (older versions give bare strings).
 */
final class SplunkMessages {

    /** Longest text quoted in an error. */
    static final int MAX_TEXT = 300;

    private SplunkMessages() {}

    /** The texts of {@code messages} (an array), errors first, at most {@value #MAX_TEXT} characters; empty when none. */
    static String text(JsonNode messages) {
        List<String> important = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (JsonNode message : messages.isArray() ? messages.values() : List.<JsonNode>of()) {
            if (message.isString()) {
                others.add(message.stringValue());
                continue;
            }
            String text = message.path("text").asString("");
            if (text.isBlank()) {
                continue;
            }
            String type = message.path("type").asString("").toUpperCase(Locale.ROOT);
            (type.equals("FATAL") || type.equals("ERROR") ? important : others).add(text);
        }
        important.addAll(others);
        String joined = String.join("; ", important).replaceAll("[\\r\\n]+", " ");
        return joined.length() > MAX_TEXT ? joined.substring(0, MAX_TEXT) + "..." : joined;
    }
}
