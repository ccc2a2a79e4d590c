package dev.connectorjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The property tables of {@code docs/configuration.md}: each row whose first cell is a {@code jobs.*}
 * property, by that name, with its other cells in order (environment variable, default, unit,
 * meaning), back-quotes removed from the name. Maven runs a module's tests in the module's
 * directory, so the file is {@code ../docs/configuration.md}.
 */
public final class ConfigurationReference {

    /** The reference, seen from a module's directory. */
    public static final Path FILE = Path.of("..", "docs", "configuration.md");

    private final Map<String, List<String>> rows;

    private ConfigurationReference(Map<String, List<String>> rows) {
        this.rows = Collections.unmodifiableMap(rows);
    }

    /** Reads {@link #FILE}. */
    public static ConfigurationReference read() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(FILE)) {
                List<String> cells = cells(line);
                if (!cells.isEmpty() && unquoted(cells.get(0)).startsWith("jobs.")) {
                    rows.put(unquoted(cells.get(0)), cells.subList(1, cells.size()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConfigurationReference(rows);
    }

    /** Every documented property's cells after its name, in the file's order. */
    public Map<String, List<String>> rows() {
        return rows;
    }

    /** The row of {@code property}; a map property ({@code jobs.api.routes}) by the row of one entry. */
    public Optional<List<String>> rowOf(String property) {
        return rows.entrySet().stream()
                .filter(row -> documents(row.getKey(), property))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Whether row {@code documented} is property {@code name} or an entry of the map {@code name}. */
    public static boolean documents(String documented, String name) {
        return documented.equals(name) || documented.startsWith(name + ".<");
    }

    /** {@code cell} without back-quotes. */
    public static String unquoted(String cell) {
        return cell.replace("`", "");
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|")) {
            return List.of();
        }
        return Arrays.stream(trimmed.substring(1, trimmed.length() - 1).split("\\|"))
                .map(String::strip)
                .toList();
    }
}
