package safeup.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Runs programs for real. */
public final class SystemProcessGateway implements ProcessGateway {
  /** How much of a piped program's output is copied at a time. */
  private static final int COPY_BUFFER = 1 << 17;

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
    Process process = start(streaming(argv), argv);
    Thread out = reader(process.getInputStream(), stdout);
    Thread err = reader(process.getErrorStream(), stderr);
    return awaitStreams(process, out, err);
  }

  @Override
  public int piped(List<String> argv, OutputStream stdout, Consumer<String> stderr) {
    Process process = start(streaming(argv), argv);
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread out =
        daemon(
            () -> {
              byte[] buffer = new byte[COPY_BUFFER];
              try (InputStream in = process.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  try {
                    stdout.write(buffer, 0, n);
                  } catch (IOException e) {
                    failure.set(e);
                    stop(process);
                    return;
                  }
                }
              } catch (IOException e) {
                // the program ended; what it wrote until then was copied
              }
            });
    Thread err = reader(process.getErrorStream(), stderr);
    int code = awaitStreams(process, out, err);
    if (failure.get() != null) {
      throw new UncheckedIOException(failure.get());
    }
    return code;
  }

  @Override
  public FedProcess fed(
      List<List<String>> pipeline, Consumer<String> stdout, Consumer<String> stderr) {
    List<ProcessBuilder> builders = new ArrayList<>();
    for (List<String> argv : pipeline) {
      ProcessBuilder builder = new ProcessBuilder(argv);
      builder.environment().put("LC_ALL", "C");
      builders.add(builder);
    }
    List<Process> processes;
    try {
      processes = ProcessBuilder.startPipeline(builders);
    } catch (IOException e) {
      String program =
          pipeline.stream()
              .map(argv -> argv.get(0))
              .filter(name -> String.valueOf(e.getMessage()).contains("\"" + name + "\""))
              .findFirst()
              .orElse(pipeline.get(0).get(0));
      if (String.valueOf(e.getMessage()).contains("error=2,")) {
        throw new ProgramNotFoundException(program);
      }
      throw new UncheckedIOException("cannot start " + program, e);
    }
    Process first = processes.get(0);
    Process last = processes.get(processes.size() - 1);
    List<Thread> readers = new ArrayList<>();
    readers.add(reader(last.getInputStream(), stdout));
    for (Process process : processes) {
      readers.add(reader(process.getErrorStream(), stderr));
    }
    return new FedProcess() {
      private boolean finished;

      @Override
      public OutputStream input() {
        return first.getOutputStream();
      }

      @Override
      public int finish() {
        try {
          first.getOutputStream().close();
        } catch (IOException e) {
          // the program stopped reading early; its exit code tells why
        }
        int code = 0;
        boolean interrupted = false;
        for (Process process : processes) {
          int exit = awaitStreams(process, List.of());
          interrupted |= Thread.interrupted();
          if (code == 0) {
            code = exit;
          }
        }
        for (Thread thread : readers) {
          interrupted |= join(thread);
        }
        finished = true;
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return code;
      }

      @Override
      public void close() {
        if (!finished) {
          boolean interrupted = Thread.interrupted(); // stopping must not be cut short
          for (Process process : processes) {
            stop(process);
            waitFor(process);
          }
          finished = true;
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  /** A long program's builder: untranslated messages, no input. */
  private static ProcessBuilder streaming(List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("LC_ALL", "C");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return builder;
  }

  /**
   * Waits for {@code process} and then for the threads handing on its output; an interruption stops
   * the program, and the interrupt status is set again before returning its exit code.
   */
  private static int awaitStreams(Process process, Thread out, Thread err) {
    return awaitStreams(process, List.of(out, err));
  }

  private static int awaitStreams(Process process, List<Thread> streams) {
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
    for (Thread thread : streams) {
      interrupted |= join(thread);
    }
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
    return daemon(
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
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body);
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
