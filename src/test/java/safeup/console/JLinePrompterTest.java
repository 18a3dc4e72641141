package safeup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import safeup.core.decision.Decision;
import safeup.core.decision.DecisionPrompt;

/** The prompt through JLine, on a terminal made of byte streams. */
class JLinePrompterTest {
  private static DumbTerminal terminal(String typed, ByteArrayOutputStream screen)
      throws IOException {
    return new DumbTerminal(
        "test",
        "dumb",
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
        screen,
        StandardCharsets.UTF_8);
  }

  @Test
  void readsTheAnswerAndShowsTheQuestion() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    JLinePrompter prompter = new JLinePrompter(terminal("r\ny\n", screen));
    Console console =
        new Console(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    assertEquals(Decision.ROLLBACK, new DecisionPrompt(console, prompter).ask(2, true));
    String shown = screen.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains(":: Keep this update? [k]eep / [r]oll back / [L]ater"), shown);
    assertTrue(shown.contains(":: Undo 2 package changes and reboot now? [y/N]"), shown);
  }

  @Test
  void endOfInputMeansLater() throws IOException {
    JLinePrompter prompter = new JLinePrompter(terminal("", new ByteArrayOutputStream()));
    assertEquals(Optional.empty(), prompter.ask("? "));
    Console console =
        new Console(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    assertEquals(Decision.LATER, new DecisionPrompt(console, prompter).ask(1, true));
  }

  @Test
  void aTerminalOfUnknownSizeIsGivenOneSoThatTheQuestionShows() throws IOException {
    DumbTerminal unsized = terminal("", new ByteArrayOutputStream());
    unsized.setSize(new org.jline.terminal.Size(0, 0));
    assertEquals(80, JLinePrompter.withASize(unsized).getWidth());
    assertEquals(24, unsized.getHeight());
    DumbTerminal sized = terminal("", new ByteArrayOutputStream());
    sized.setSize(new org.jline.terminal.Size(132, 50));
    assertEquals(132, JLinePrompter.withASize(sized).getWidth(), "a known size is kept");
  }
}
