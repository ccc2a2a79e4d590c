package dev.connectorjobs.devstack;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The first class devstack.jar runs. The rest of the devstack needs Java 21; this class alone is
 * compiled for Java 17 (the oldest Java that Spring Boot's jar launcher runs on, see the devstack's
 * {@code pom.xml}), so that an older {@code java} prints which Java it is and how to run a newer
 * one, instead of an {@code UnsupportedClassVersionError}. On Java 21 or newer it calls {@code
 * DevStack.main} with the same arguments.
 */
public final class JavaVersionCheck {

    /** The oldest Java the devstack and the applications it starts run on. */
    static final int REQUIRED_FEATURE_VERSION = 21;

    private static final String MAIN_CLASS = "dev.connectorjobs.devstack.DevStack";
    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)");

    private JavaVersionCheck() {}

    public static void main(String[] args) throws Throwable {
        int feature = Runtime.version().feature();
        if (feature < REQUIRED_FEATURE_VERSION) {
            System.err.print(message(System.getProperty("java.version"), Path.of(System.getProperty("java.home"))));
            System.exit(1);
        }
        // Looked up by name: a reference to DevStack would make this class need Java 21 to load.
        MethodHandle main = MethodHandles.publicLookup()
                .findStatic(Class.forName(MAIN_CLASS), "main", MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    /** What to tell a user whose {@code java} is older than 21; names a newer JDK next to it if there is one. */
    static String message(String javaVersion, Path javaHome) {
        String found = "devstack needs Java " + REQUIRED_FEATURE_VERSION + " or newer, but this java is " + javaVersion
                + " (" + javaHome + ").\n";
        Optional<Path> newer = newerJdkBeside(javaHome);
        if (newer.isPresent()) {
            String home = newer.get().toString();
            return found + "A JDK " + REQUIRED_FEATURE_VERSION + "+ is installed at " + home
                    + "; run devstack with it:\n"
                    + "  export JAVA_HOME=" + home + " PATH=" + home + "/bin:$PATH\n"
                    + "  java -jar devstack/target/devstack.jar ...\n";
        }
        return found + "Install a JDK " + REQUIRED_FEATURE_VERSION
                + " or newer (Temurin 25 recommended), point JAVA_HOME"
                + " at it and put $JAVA_HOME/bin first on the PATH:\n"
                + "  export JAVA_HOME=/path/to/jdk-25 PATH=/path/to/jdk-25/bin:$PATH\n";
    }

    /** A JDK of version 21 or newer installed beside this one (e.g. in /usr/lib/jvm), by its {@code release} file. */
    static Optional<Path> newerJdkBeside(Path javaHome) {
        Path parent = javaHome.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        try (Stream<Path> siblings = Files.list(parent)) {
            return siblings.filter(
                            home -> Files.isExecutable(home.resolve("bin").resolve("javac")))
                    .filter(home -> releaseFeatureVersion(home) >= REQUIRED_FEATURE_VERSION)
                    .max((a, b) -> Integer.compare(releaseFeatureVersion(a), releaseFeatureVersion(b)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static int releaseFeatureVersion(Path home) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8);
            for (String line : lines) {
                Matcher version = RELEASE_VERSION.matcher(line);
                if (version.find()) {
                    return Integer.parseInt(version.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // No readable release file: not a JDK this check can vouch for.
        }
        return 0;
    }
}
