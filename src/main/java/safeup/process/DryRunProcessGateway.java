package safeup.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Runs read-only probes for real and prints every other command instead of running it. */
public final class DryRunProcessGateway implements ProcessGateway {
  private final ProcessGateway real;
  private final PrintWriter out;

  public DryRunProcessGateway(ProcessGateway real, PrintWriter out) {
    this.real = real;
    this.out = out;
  }

  @Override
  public ProcessResult query(List<String> argv) {
    return real.query(argv);
  }

  @Override
  public ProcessResult change(List<String> argv) {
    print(argv);
    return new ProcessResult(argv, 0, "", "");
  }

  @Override
  public int attached(List<String> argv) {
    print(argv);
    return 0;
  }

  @Override
  public int streamed(List<String> argv, Consumer<String> stdout, Consumer<String> stderr) {
    print(argv);
    return 0;
  }

  @Override
  public int piped(List<String> argv, OutputStream stdout, Consumer<String> stderr) {
    print(argv);
    return 0;
  }

  /** Prints the pipeline, and under it what safeup would have fed it, once it is all written. */
  @Override
  public FedProcess fed(
      List<List<String>> pipeline, Consumer<String> stdout, Consumer<String> stderr) {
    ByteArrayOutputStream fed = new ByteArrayOutputStream();
    return new FedProcess() {
      @Override
      public OutputStream input() {
        return fed;
      }

      @Override
      public int finish() {
        out.println(
            "would run: " + String.join(" | ", pipeline.stream().map(Argv::render).toList()));
        fed.toString(StandardCharsets.UTF_8).lines().forEach(line -> out.println("      " + line));
        return 0;
      }

      @Override
      public void close() {}
    };
  }

  private void print(List<String> argv) {
    out.println("would run: " + Argv.render(argv));
  }
}
