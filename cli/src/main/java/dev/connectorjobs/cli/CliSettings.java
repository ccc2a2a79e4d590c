package dev.connectorjobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the API is and which key to send: {@code JOBS_API_URL} and {@code JOBS_API_KEY} from the
 * environment, else {@code url} and {@code api_key} from the config file ({@code --config FILE}, or
 * {@code $XDG_CONFIG_HOME/connector-jobs/config}, or {@code ~/.config/connector-jobs/config}), else
 * the default URL {@value #DEFAULT_URL}. The key is never taken from the command line, where {@code
 * ps} and shell histories would show it.
 *
 * @param url the api-gateway's base URL
 * @param apiKey the API key
 * @param warning what the user should fix, e.g. a config file holding the key that others can read;
 *     empty if nothing
 */
record CliSettings(String url, String apiKey, String warning) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String URL_ENV = "JOBS_API_URL";
    static final String KEY_ENV = "JOBS_API_KEY";

    static CliSettings resolve(Map<String, String> env, @Nullable Path explicitConfig) {
        Path config = explicitConfig != null ? explicitConfig : defaultConfig(env);
        Properties file = read(config, explicitConfig != null);
        String url = java.util.Objects.requireNonNullElse(
                firstNonBlank(env.get(URL_ENV), file.getProperty("url"), null), DEFAULT_URL);
        String key = firstNonBlank(env.get(KEY_ENV), file.getProperty("api_key"), null);
        if (key == null) {
            throw new MissingKeyException("No API key: set the environment variable " + KEY_ENV
                    + " or put api_key=<key> in " + config + " (readable only by you)");
        }
        boolean keyFromFile = isBlank(env.get(KEY_ENV));
        return new CliSettings(url, key, keyFromFile ? exposure(config) : "");
    }

    static Path defaultConfig(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("connector-jobs").resolve("config");
    }

    /** A warning when others may read the file holding the key, as ssh warns of a readable private key. */
    private static String exposure(Path config) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(config);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return "warning: " + config + " holds the API key and others can read it; run chmod 600 " + config;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here (e.g. Windows): nothing to check
        }
        return "";
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static Properties read(Path config, boolean required) {
        Properties properties = new Properties();
        if (!Files.exists(config)) {
            if (required) {
                throw new UsageException("The config file " + config + " does not exist; check --config");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException("Cannot read the config file " + config + ": " + e.getMessage());
        }
        return properties;
    }

    private static @Nullable String firstNonBlank(@Nullable String a, @Nullable String b, @Nullable String c) {
        for (String value : new String[] {a, b}) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "CliSettings[url=" + url + ", apiKey=****]";
    }
}
