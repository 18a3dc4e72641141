package safeup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code src/main/sh/safeup}, run for real by sh: what it says and its exit code
 * (127) when Java is missing or too old, or the jar is.
 */
class LauncherTest {
  @TempDir Path dir;

  /** Runs a copy of the launcher (with no jar beside it) with {@code JAVA}; output and code. */
  private String launch(String java) throws IOException, InterruptedException {
    return launch(Map.of("JAVA", java));
  }

  private String launch(Map<String, String> env) throws IOException, InterruptedException {
    Path launcher = dir.resolve("safeup");
    Files.copy(Path.of("src/main/sh/safeup"), launcher);
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "--version");
    builder.environment().remove("JAVA");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out + "exit=" + process.waitFor();
  }

  @Test
  void noJavaSaysWhatToInstall() throws Exception {
    assertEquals(
        "error: safeup needs a Java runtime, 17 or later, and finds no '/no/such/java'; install"
            + " one: pacman -S jre-openjdk-headless (then: archlinux-java set ...)\nexit=127",
        launch("/no/such/java"));
  }

  @Test
  void aJavaOlderThan17IsNamedWithItsVersion() throws Exception {
    Path old = dir.resolve("bin/java");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "#!/bin/sh\necho 'openjdk version \"11.0.25\" 2024-10-15' >&2\n");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(
        "error: safeup needs Java 17 or later, and "
            + old
            + " is Java 11.0.25; install one: pacman -S jre-openjdk-headless (then:"
            + " archlinux-java set ...)\nexit=127",
        launch(old.toString()));
  }

  @Test
  void theVersionIsReadFromTheReleaseFileOfTheJavaFoundOnThePath() throws Exception {
    Path runtime = dir.resolve("jvm/java-11");
    Path java = runtime.resolve("bin/java");
    Files.createDirectories(java.getParent());
    // a runtime's own release file; asked, this java would give another version
    Files.writeString(runtime.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"11.0.2\"\n");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"21.0.1\"' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(
        "error: safeup needs Java 17 or later, and "
            + java
            + " is Java 11.0.2; install one: pacman -S jre-openjdk-headless (then:"
            + " archlinux-java set ...)\nexit=127",
        launch(Map.of("PATH", dir.resolve("empty") + ":" + java.getParent() + ":/usr/bin:/bin")));
  }

  @Test
  void aMissingJarIsNamed() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertEquals(
        List.of(
            "error: cannot read /usr/share/java/safeup/safeup.jar; reinstall safeup: pacman -S"
                + " safeup",
            "exit=127"),
        launch(java.toString()).lines().toList());
  }
}
