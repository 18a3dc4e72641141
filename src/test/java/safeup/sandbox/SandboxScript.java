package safeup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs {@code src/test/sandbox/sandbox}, the script behind both kinds of guest, with a bound. */
final class SandboxScript {

  static final Path SCRIPT =
      Path.of(System.getProperty("safeup.sandbox.script", "src/test/sandbox/sandbox"))
          .toAbsolutePath();

  /** What one run of the script printed (stdout and stderr) and its status. */
  record Result(int code, String output) {}

  private SandboxScript() {}

  /** Installs what the guests need, once per JVM; fails when the script is missing. */
  static synchronized void deps() {
    if (!depsDone) {
      if (!Files.isExecutable(SCRIPT)) {
        throw new IllegalStateException("sandbox script missing or not executable: " + SCRIPT);
      }
      run(List.of("deps"), 1800);
      depsDone = true;
    }
  }

  private static boolean depsDone;

  /** Runs the script and throws, with its output, unless it exits 0. */
  static void run(List<String> args, long timeoutS) {
    Result r = exec(args, timeoutS);
    if (r.code != 0) {
      throw new IllegalStateException(
          "sandbox " + String.join(" ", args) + " failed with status " + r.code + ":\n" + r.output);
    }
  }

  /** Runs the script, killing it and everything it started after {@code timeoutS} seconds. */
  static Result exec(List<String> args, long timeoutS) {
    return exec(SCRIPT, args, timeoutS);
  }

  /** Runs {@code script} (another of the sandbox's scripts) like {@link #exec(List, long)}. */
  static Result exec(Path script, List<String> args, long timeoutS) {
    return exec(script, args, Map.of(), timeoutS);
  }

  /** Like {@link #exec(Path, List, long)}, with {@code environment} added to the script's. */
  static Result exec(
      Path script, List<String> args, Map<String, String> environment, long timeoutS) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(args);
    try {
      Path log = Files.createTempFile("sandbox-", ".log");
      try {
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        Process p =
            builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException(
              script.getFileName()
                  + " "
                  + String.join(" ", args)
                  + " timed out after "
                  + timeoutS
                  + " s:\n"
                  + tail(log, 40));
        }
        return new Result(p.exitValue(), read(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + cmd, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no " + file + ")";
    }
    try (Stream<String> s = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      List<String> all = s.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** A directory beside {@code dir}'s siblings that is deleted when the JVM exits. */
  static Path goldenDirectory(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      Path g = Files.createTempDirectory(parent, prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(g)));
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
