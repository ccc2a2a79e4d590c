package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVersionCheckTest {

    @TempDir
    Path jvms;

    @Test
    void an_old_java_is_named_with_the_newest_jdk_21_or_later_installed_beside_it() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("jdk-21", "21.0.7");
        Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
        jre("jre-26", "26");

        String message = JavaVersionCheck.message("17.0.15", old);

        assertThat(message)
                .startsWith("devstack needs Java 21 or newer, but this java is 17.0.15 (" + old + ").\n")
                .contains("A JDK 21+ is installed at " + newest + ";")
                .contains("export JAVA_HOME=" + newest + " PATH=" + newest + "/bin:$PATH");
    }

    @Test
    void without_a_newer_jdk_beside_it_the_message_says_to_install_one_and_point_java_home_at_it() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("java-1.8.0-openjdk", "1.8.0_452");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        String message = JavaVersionCheck.message("17.0.15", old);

        assertThat(message)
                .contains("this java is 17.0.15")
                .contains("Install a JDK 21 or newer")
                .contains("export JAVA_HOME=");
    }

    @Test
    void it_is_compiled_for_java_17_so_that_an_older_java_can_load_it_and_print_its_message() throws IOException {
        try (InputStream classFile = JavaVersionCheck.class.getResourceAsStream("JavaVersionCheck.class")) {
            byte[] header = Objects.requireNonNull(classFile).readNBytes(8);

            assertThat(((header[6] & 0xff) << 8) | (header[7] & 0xff))
                    .as("class file major version (61 is Java 17)")
                    .isEqualTo(61);
        }
    }

    @Test
    void the_devstack_recognises_its_own_jar_by_this_class_as_the_start_class() {
        assertThat(JavaCommand.JAR_START_CLASS).isEqualTo(JavaVersionCheck.class.getName());
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = jre(name, version);
        Path javac = Files.createFile(home.resolve("bin").resolve("javac"));
        assertThat(javac.toFile().setExecutable(true)).isTrue();
        return home;
    }

    private Path jre(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
