package safeup.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs programs for real. */
public final class SystemProcessGateway implements ProcessGateway {
  @Override
  public ProcessResult query(List<String> argv) {
    return capture(argv);
  }

  @Override
  public ProcessResult change(List<String> argv) {
    return capture(argv);
  }

  @Override
  public int attached(List<String> argv) {
    return waitFor(start(new ProcessBuilder(argv).inheritIO(), argv));
  }

  private static ProcessResult capture(List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    // As snapm does: lvm's output must not depend on the caller's locale or LVM_* settings.
    env.keySet().removeIf(name -> name.startsWith("LVM_"));
    env.put("LC_ALL", "C");
    env.put("LVM_SUPPRESS_FD_WARNINGS", "1");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = start(builder, argv);
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String stdout = read(process.getInputStream());
    int code = waitFor(process);
    return new ProcessResult(argv, code, stdout, stderr.join());
  }

  private static Process start(ProcessBuilder builder, List<String> argv) {
    try {
      return builder.start();
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("error=2,")) {
        throw new ProgramNotFoundException(argv.get(0));
      }
      throw new UncheckedIOException("cannot start " + argv.get(0), e);
    }
  }

  private static int waitFor(Process process) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return process.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
