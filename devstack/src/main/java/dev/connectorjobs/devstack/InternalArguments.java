package dev.connectorjobs.devstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --name value} arguments the devstack passes to its own internal subcommands. They are
 * written by the devstack, not typed by people, so a mistake is a bug and fails loudly.
 */
final class InternalArguments {

    private final Map<String, String> values = new HashMap<>();

    private InternalArguments(List<String> args) {
        if (args.size() % 2 != 0) {
            throw new IllegalArgumentException("Expected --name value pairs, got " + args);
        }
        for (int i = 0; i < args.size(); i += 2) {
            values.put(args.get(i), args.get(i + 1));
        }
    }

    static InternalArguments parse(List<String> args) {
        return new InternalArguments(args);
    }

    static List<String> of(String... nameValuePairs) {
        return List.of(nameValuePairs);
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing internal argument " + name + " in " + values);
        }
        return value;
    }

    int intValue(String name) {
        return Integer.parseInt(get(name));
    }

    long longValue(String name) {
        return Long.parseLong(get(name));
    }
}
