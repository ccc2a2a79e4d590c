package dev.connectorjobs.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Command lines for child JVMs. Children run on the same Java installation as the devstack itself,
 * so "it starts with the JDK you have" holds for every process of the stack.
 */
final class JavaCommand {

    /**
     * The {@code Start-Class} of devstack.jar: {@code JavaVersionCheck}, which hands over to {@link
     * DevStack}. Named, not referenced, because that class alone is compiled for an older Java.
     */
    static final String JAR_START_CLASS = "dev.connectorjobs.devstack.JavaVersionCheck";

    private JavaCommand() {}

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code java <jvmOptions> -jar <jar> <args>}. */
    static List<String> jar(Path jar, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /**
     * A devstack subcommand in a new JVM: from the devstack jar when this JVM runs from it, else
     * (IDE, tests) from this JVM's class path.
     */
    static List<String> devStack(List<String> jvmOptions, String subcommand, List<String> args) {
        List<String> subcommandAndArgs = new ArrayList<>();
        subcommandAndArgs.add(subcommand);
        subcommandAndArgs.addAll(args);
        Optional<Path> ownJar = devStackJar();
        if (ownJar.isPresent()) {
            return jar(ownJar.get(), jvmOptions, subcommandAndArgs);
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DevStack.class.getName());
        command.addAll(subcommandAndArgs);
        return command;
    }

    /**
     * The executable devstack jar this JVM was started from with {@code java -jar}; empty when it
     * runs from a class path of directories and jars.
     */
    static Optional<Path> devStackJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath().normalize();
        return isDevStackJar(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** Excludes manifest-only class path jars such as Surefire's booter jar. */
    private static boolean isDevStackJar(Path jar) {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            return manifest != null
                    && JAR_START_CLASS.equals(manifest.getMainAttributes().getValue("Start-Class"));
        } catch (IOException e) {
            return false;
        }
    }
}
