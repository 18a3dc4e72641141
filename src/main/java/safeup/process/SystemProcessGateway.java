package safeup.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/** Runs programs for real. */
public final class SystemProcessGateway implements ProcessGateway {
  private static final List<String> SURVIVED = List.of("INT", "HUP", "TERM");

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
    ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
    // Ctrl-C goes to the whole foreground group, and a lost terminal hangs it up: the child
    // handles those. safeup ignores them from now on, to finish its job after the child. They
    // stay ignored: the JVM delivers a signal later, on its own thread, and a handler restored
    // when the child exits could still receive the Ctrl-C meant for the child.
    // A handler, not SIG_IGN: an ignored signal would stay ignored in every child started later.
    for (String name : SURVIVED) {
      Signal.handle(new Signal(name), signal -> {});
    }
    return waitFor(start(builder, argv));
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
