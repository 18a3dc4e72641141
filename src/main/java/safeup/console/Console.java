package safeup.console;

import java.io.PrintWriter;
import org.jline.jansi.Ansi;

/**
 * All of safeup's output, in pacman's look: {@code ::} before a step, {@code error:} and {@code
 * warning:} before problems; colour only when wanted.
 */
public final class Console {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean color;
  private final String outcomeLead;

  public Console(PrintWriter out, PrintWriter err, boolean color) {
    this(out, err, color, "");
  }

  /**
   * @param outcomeLead put before every outcome ({@link #success}), to say it is one that would
   *     have happened
   */
  public Console(PrintWriter out, PrintWriter err, boolean color, String outcomeLead) {
    this.out = out;
    this.err = err;
    this.color = color;
    this.outcomeLead = outcomeLead;
  }

  public PrintWriter out() {
    return out;
  }

  /** A step: {@code :: text}. */
  public void step(String text) {
    out.println(paint(Ansi.ansi().bold().fgBlue(), "::") + " " + paint(Ansi.ansi().bold(), text));
  }

  /** An indented detail line under a step. */
  public void detail(String text) {
    out.println("   " + text);
  }

  public void line(String text) {
    out.println(text);
  }

  /** A line that reports a good outcome, with a green mark. */
  public void success(String text) {
    String outcome = outcomeLead + text;
    out.println(
        paint(Ansi.ansi().bold().fgGreen(), "==>") + " " + paint(Ansi.ansi().bold(), outcome));
  }

  public void warning(String text) {
    err.println(paint(Ansi.ansi().bold().fgYellow(), "warning:") + " " + text);
  }

  public void error(String text) {
    err.println(paint(Ansi.ansi().bold().fgRed(), "error:") + " " + text);
  }

  /** A check that passed: {@code pass text}, the mark in green. */
  public void passed(String text) {
    out.println("  " + paint(Ansi.ansi().bold().fgGreen(), "pass") + "  " + text);
  }

  /** A check that found something to look at: {@code warn text}, the mark in yellow. */
  public void warned(String text) {
    out.println("  " + paint(Ansi.ansi().bold().fgYellow(), "warn") + "  " + text);
  }

  /** A check that failed: {@code FAIL text}, the mark in red. */
  public void failed(String text) {
    out.println("  " + paint(Ansi.ansi().bold().fgRed(), "FAIL") + "  " + text);
  }

  /** The question's text for a prompt, styled like a step. */
  public String question(String text) {
    return paint(Ansi.ansi().bold().fgBlue(), "::") + " " + paint(Ansi.ansi().bold(), text) + " ";
  }

  private String paint(Ansi style, String text) {
    return color ? style.a(text).reset().toString() : text;
  }
}
