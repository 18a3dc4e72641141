package safeup.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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

  @Override
  public int streamed(List<String> argv, Consumer<String> stdout, Consumer<String> stderr) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("LC_ALL", "C");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = start(builder, argv);
    Thread out = reader(process.getInputStream(), stdout);
    Thread err = reader(process.getErrorStream(), stderr);
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        stop(process);
      }
    }
    interrupted |= join(out);
    interrupted |= join(err);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** Ends the program and what it started (tar's compressor, say), and waits for them. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        child.destroyForcibly();
      }
    }
  }

  private static Thread reader(InputStream stream, Consumer<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.accept(line);
                }
              } catch (IOException e) {
                // the program ended; what it wrote until then was handed on
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits for {@code thread}; true when the caller was interrupted meanwhile. */
  private static boolean join(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
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
