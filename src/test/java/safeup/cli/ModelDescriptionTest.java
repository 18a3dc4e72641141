package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The description keeps every field as it was written, whatever characters it holds. */
class ModelDescriptionTest {
  @Test
  void fieldsComeBackAsTheyWereWritten() {
    String text =
        ModelDescription.line("option", "boot enable", "a\tb", "two\nlines", "back\\slash", "\\0")
            + ModelDescription.line("option", "boot enable", null, "", "plain");
    ModelDescription model = ModelDescription.parse(text);
    assertEquals(
        List.of(
            List.of("option", "a\tb", "two\nlines", "back\\slash", "\\0"),
            Arrays.asList("option", null, "", "plain")),
        model.elements("boot enable"));
  }

  @Test
  void commandsAreFoundBelowTheirParent() {
    String text =
        ModelDescription.line("command", "", "S")
            + ModelDescription.line("command", "boot", "B")
            + ModelDescription.line("command", "boot enable", "E")
            + ModelDescription.line("command", "keep", "K");
    ModelDescription model = ModelDescription.parse(text);
    assertEquals(List.of("boot", "keep"), model.children(""));
    assertEquals(List.of("boot enable"), model.children("boot"));
    assertEquals("enable", ModelDescription.nameOf("boot enable"));
  }
}
