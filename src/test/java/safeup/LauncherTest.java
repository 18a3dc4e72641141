package safeup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code src/main/sh/safeup}, run for real by sh: what it says and its exit code
 * (127) when Java is missing or too old, or the jar is; and the help and version pages it prints
 * itself.
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
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "status");
    builder.environment().remove("JAVA");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out + "exit=" + process.waitFor();
  }

  /**
   * Runs a copy of the launcher with the build's help pages beside it and no Java to find, with
   * {@code args}, its standard output sent to {@code out} (a pipe when null) or through a
   * pseudo-terminal when {@code terminal}; output and code.
   */
  private String launchWithPages(List<String> args, Map<String, String> env, boolean terminal)
      throws IOException, InterruptedException {
    Path launcher = dir.resolve("safeup");
    if (!Files.exists(launcher)) {
      Files.copy(Path.of("src/main/sh/safeup"), launcher);
      Path pages = dir.resolve("help");
      Files.createDirectories(pages);
      try (var built = Files.list(Path.of("target/classes/safeup/help"))) {
        for (Path page : built.toList()) {
          Files.copy(page, pages.resolve(page.getFileName()));
        }
      }
    }
    List<String> argv = new ArrayList<>(List.of("sh", launcher.toString()));
    argv.addAll(args);
    ProcessBuilder builder =
        terminal
            ? new ProcessBuilder("script", "-qec", String.join(" ", argv), "/dev/null")
            : new ProcessBuilder(argv);
    builder.environment().put("JAVA", "/no/such/java");
    builder.environment().remove("NO_COLOR");
    builder.environment().put("TERM", "xterm");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.replace("\r\n", "\n") + "exit=" + process.waitFor();
  }

  private static String page(String name) throws IOException {
    return Files.readString(Path.of("target/classes/safeup/help").resolve(name));
  }

  @Test
  void everyHelpAndVersionPageIsPrintedWithNoJavaStarted() throws Exception {
    List<String> index = Files.readAllLines(Path.of("target/classes/safeup/help/index"));
    assertTrue(index.size() > 10, "index: " + index);
    for (String line : index) {
      List<String> fields = List.of(line.split("\t"));
      assertEquals(
          page(fields.get(0) + ".txt") + "exit=0",
          launchWithPages(fields.subList(1, fields.size()), Map.of(), false),
          line);
    }
    assertTrue(page("version.txt").matches("safeup \\d+\\.\\d+\\.\\d+\n"), page("version.txt"));
  }

  @Test
  void onATerminalThePageIsColouredUnlessNoColorOrADumbTerminalSaySo() throws Exception {
    assertEquals(
        page("safeup-boot.ansi") + "exit=0",
        launchWithPages(List.of("boot", "--help"), Map.of(), true));
    assertEquals(
        page("safeup-boot.txt") + "exit=0",
        launchWithPages(List.of("boot", "--help"), Map.of("NO_COLOR", "1"), true));
    assertEquals(
        page("safeup-boot.txt") + "exit=0",
        launchWithPages(List.of("boot", "--help"), Map.of("TERM", "dumb"), true));
  }

  @Test
  void argumentsThePagesDoNotNameGoToJava() throws Exception {
    for (List<String> args :
        List.of(List.of("--color", "never", "--help"), List.of("-hV"), List.of("status"))) {
      assertTrue(
          launchWithPages(args, Map.of(), false)
              .endsWith(
                  "finds no '/no/such/java'; install one:"
                      + " pacman -S jre-openjdk-headless (then: archlinux-java set ...)\nexit=127"),
          String.join(" ", args));
    }
  }

  @Test
  void withNoCatToPrintThePageJavaPrintsIt() throws Exception {
    assertTrue(
        launchWithPages(List.of("--help"), Map.of("PATH", dir.resolve("empty").toString()), false)
            .endsWith(
                "finds no '/no/such/java'; install one: pacman -S jre-openjdk-headless"
                    + " (then: archlinux-java set ...)\nexit=127"));
  }

  @Test
  void aPageThatCannotBeWrittenIsToldWithExit74() throws Exception {
    Path launcher = dir.resolve("safeup");
    launchWithPages(List.of("--help"), Map.of(), false);
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "--help");
    builder.environment().put("JAVA", "/no/such/java");
    builder.redirectOutput(new File("/dev/full"));
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(
        "error: cannot write to standard output\nexit=74", err + "exit=" + process.waitFor());
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
