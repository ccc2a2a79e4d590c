package dev.connectorjobs.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the executable jars of the api-gateway and the worker: {@code <module>/target/<module>-exec.jar}
 * (else the newest {@code <module>*-exec.jar} there), looked up next to the devstack jar ({@code
 * devstack/target/../../<module>/target}), then under the working directory and its parent.
 */
final class ApplicationJars {

    static final String API_GATEWAY = "api-gateway";
    static final String WORKER = "worker";

    private ApplicationJars() {}

    /**
     * The jar given on the command line, or the newest matching jar found.
     *
     * @param option the command-line option that overrides the lookup, for messages
     */
    static Path locate(String module, Optional<Path> explicit, String option) throws StartupException {
        if (explicit.isPresent()) {
            Path jar = explicit.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new StartupException(option + " " + jar + " does not exist.");
            }
            return jar;
        }
        List<Path> searched = new ArrayList<>();
        for (Path targetDir : candidateDirectories(module)) {
            searched.add(targetDir);
            Optional<Path> jar = newestExecJar(targetDir, module);
            if (jar.isPresent()) {
                return jar.get();
            }
        }
        throw new StartupException("Cannot find the %s executable jar (%s-exec.jar); looked in %s. Build it with"
                        .formatted(module, module, searched)
                + " ./mvnw -DskipTests install, or pass " + option + " PATH.");
    }

    private static Set<Path> candidateDirectories(String module) {
        Set<Path> directories = new LinkedHashSet<>();
        JavaCommand.devStackJar()
                .map(jar -> jar.toAbsolutePath()
                        .resolveSibling("../..")
                        .resolve(module)
                        .resolve("target"))
                .ifPresent(directories::add);
        Path workingDir = Path.of("").toAbsolutePath();
        directories.add(workingDir.resolve(module).resolve("target"));
        directories.add(workingDir.resolve("..").resolve(module).resolve("target"));
        return directories.stream().map(Path::normalize).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Optional<Path> newestExecJar(Path targetDir, String module) throws StartupException {
        if (!Files.isDirectory(targetDir)) {
            return Optional.empty();
        }
        Path exactName = targetDir.resolve(module + "-exec.jar");
        if (Files.isRegularFile(exactName)) {
            return Optional.of(exactName);
        }
        try (Stream<Path> files = Files.list(targetDir)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(module) && name.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(ApplicationJars::lastModified));
        } catch (IOException e) {
            throw new StartupException("Cannot list " + targetDir + ": " + e.getMessage(), e);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
