package safeup.process;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

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

  private void print(List<String> argv) {
    out.println("would run: " + render(argv));
  }

  /** Renders an argv so that a shell would read it back the same; for display only. */
  public static String render(List<String> argv) {
    return argv.stream().map(DryRunProcessGateway::quote).collect(Collectors.joining(" "));
  }

  private static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:%@+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
