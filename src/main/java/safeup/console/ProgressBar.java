package safeup.console;

import java.io.PrintWriter;
import java.util.function.LongFunction;

/**
 * A one-line progress bar redrawn in place on a terminal: {@code label [#####-----] 45% 1.2 GiB of
 * 2.6 GiB}. Redraws at most once a percent, so that a fast stream of updates costs little.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final String label;
  private final long total;
  private final LongFunction<String> amount;
  private int shown = -1;

  /** A bar of bytes: {@code 1.2 GiB of 2.6 GiB}. */
  public ProgressBar(PrintWriter out, String label, long total) {
    this(out, label, total, Sizes::human);
  }

  private ProgressBar(PrintWriter out, String label, long total, LongFunction<String> amount) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.amount = amount;
  }

  /** A bar of things counted: {@code 1200 of 5000}. */
  public static ProgressBar counting(PrintWriter out, String label, long total) {
    return new ProgressBar(out, label, total, String::valueOf);
  }

  /** {@code done} of the total are done (more than the total shows as 100%). */
  public synchronized void update(long done) {
    int percent = (int) Math.min(100, done * 100 / total);
    if (percent == shown) {
      return;
    }
    shown = percent;
    out.print("\r" + render(label, Math.min(done, total), total, amount));
    out.flush();
  }

  /** Shows 100% and ends the line. */
  public synchronized void finish() {
    shown = -1;
    update(total);
    out.println();
  }

  /** The line for {@code done} of {@code total}. */
  static String render(String label, long done, long total) {
    return render(label, done, total, Sizes::human);
  }

  private static String render(String label, long done, long total, LongFunction<String> amount) {
    int percent = (int) (done * 100 / Math.max(1, total));
    int filled = percent * WIDTH / 100;
    return String.format(
        "   %s [%s%s] %3d%%  %s of %s   ",
        label,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        percent,
        amount.apply(done),
        amount.apply(total));
  }
}
