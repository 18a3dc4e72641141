package safeup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * safeup as its own process, writing to a real full device and a real closed pipe: what the JVM
 * reports there is what {@code StandardOutput} has to recognise.
 */
class OutputFailureProcessTest {

  private static ProcessBuilder safeup(String... args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(java.toString(), "-cp", System.getProperty("java.class.path"), "safeup.Main"));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv);
  }

  private static int waitFor(Process process) throws InterruptedException {
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "safeup did not end");
    return process.exitValue();
  }

  /** Help from the pages the build kept, and (with --color) from picocli. */
  @ParameterizedTest
  @ValueSource(strings = {"--help", "--color=never --help"})
  void helpToAFullDeviceSaysSoAndExits74(String args) throws IOException, InterruptedException {
    Process process =
        safeup(args.split(" "))
            .redirectOutput(new File("/dev/full"))
            .redirectInput(new File("/dev/null"))
            .start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(74, waitFor(process), err);
    assertEquals("error: cannot write to standard output: No space left on device\n", err);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "--color=never --help"})
  void helpToAPipeClosedBeforehandExits74Silently(String args)
      throws IOException, InterruptedException {
    Process process = safeup(args.split(" ")).redirectInput(new File("/dev/null")).start();
    process.getInputStream().close();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(74, waitFor(process), err);
    assertEquals("", err);
  }
}
