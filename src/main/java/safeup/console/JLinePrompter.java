package safeup.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Prompts through JLine on a given terminal. */
public final class JLinePrompter implements Prompter {
  private final LineReader reader;

  public JLinePrompter(Terminal terminal) {
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .variable(LineReader.HISTORY_SIZE, 0)
            .build();
  }

  /**
   * A prompter on the system terminal, or empty when there is none to ask on (stdin or stdout
   * redirected). On a terminal that JLine cannot drive (TERM=dumb) it still reads plain lines.
   */
  public static Optional<Prompter> onSystemTerminal() {
    if (!ColorMode.stdoutIsTerminal()) {
      return Optional.empty();
    }
    try {
      Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
      return Optional.of(new JLinePrompter(withASize(terminal)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal", e);
    }
  }

  /**
   * {@code terminal}, given 80x24 when its size is unknown (a serial console says 0x0): JLine would
   * draw the prompt into zero columns and show nothing of the question.
   */
  static Terminal withASize(Terminal terminal) {
    if (terminal.getWidth() <= 0) {
      terminal.setSize(new Size(80, Math.max(24, terminal.getHeight())));
    }
    return terminal;
  }

  @Override
  public Optional<String> ask(String prompt) {
    try {
      return Optional.of(reader.readLine(prompt));
    } catch (UserInterruptException | EndOfFileException e) {
      return Optional.empty();
    }
  }
}
