package dev.connectorjobs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application's own configuration metadata, as the configuration processor wrote it into its
 * {@code target/classes} from the records' Javadoc and {@code
 * additional-spring-configuration-metadata.json}.
 */
public final class ConfigurationMetadata {

    private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

    /**
     * One property.
     *
     * @param defaultValue the default as written in a property file, lists joined with {@code ", "}
     * @param replacement the new name of a deprecated property
     */
    public record Property(
            String name, String description, Optional<String> defaultValue, Optional<String> replacement) {

        public boolean deprecated() {
            return replacement.isPresent();
        }
    }

    private ConfigurationMetadata() {}

    /** Every {@code jobs.*} property of the application whose classes hold {@code anchor}. */
    public static List<Property> jobsProperties(Class<?> anchor) {
        List<Property> properties = new ArrayList<>();
        for (JsonNode property : read(anchor).get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("jobs.")) {
                properties.add(new Property(
                        name,
                        property.path("description").asString(""),
                        defaultOf(
                                property.get("defaultValue"),
                                property.path("type").asString("")),
                        Optional.ofNullable(property.get("deprecation"))
                                .map(d -> d.path("replacement").asString(""))));
            }
        }
        return properties;
    }

    /**
     * The default as written in a property file: a list as its items joined with {@code ", "}, which
     * the processor writes as an array, or (from a record's {@code @DefaultValue}) as {@code [a, b]}.
     */
    private static Optional<String> defaultOf(JsonNode value, String type) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.isString() ? value.asString() : "";
        if ((type.startsWith("java.util.List") || type.startsWith("java.util.Set"))
                && text.startsWith("[")
                && text.endsWith("]")) {
            return Optional.of(text.substring(1, text.length() - 1));
        }
        if (value.isArray()) {
            return Optional.of(StreamSupport.stream(value.spliterator(), false)
                    .map(JsonNode::asString)
                    .collect(Collectors.joining(", ")));
        }
        return Optional.of(value.asString());
    }

    private static JsonNode read(Class<?> anchor) {
        URL own = ownMetadata(anchor);
        try (InputStream in = own.openStream()) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The metadata file next to the application's classes, not one of a library: in its {@code
     * target/classes}, or in its jar when another module's tests use it.
     */
    private static URL ownMetadata(Class<?> anchor) {
        String classes =
                anchor.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            return Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(RESOURCE)).stream()
                    .filter(url ->
                            url.toString().startsWith(classes) || url.toString().startsWith("jar:" + classes + "!/"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No " + RESOURCE + " under " + classes
                            + "; is spring-boot-configuration-processor on the annotation processor path?"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
