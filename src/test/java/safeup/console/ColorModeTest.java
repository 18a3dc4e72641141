package safeup.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorModeTest {
  @Test
  void autoColoursATerminalUnlessNoColorOrDumb() {
    assertTrue(ColorMode.AUTO.colorize(Map.of(), true));
    assertFalse(ColorMode.AUTO.colorize(Map.of(), false));
    assertFalse(ColorMode.AUTO.colorize(Map.of("NO_COLOR", "1"), true));
    assertTrue(ColorMode.AUTO.colorize(Map.of("NO_COLOR", ""), true));
    assertFalse(ColorMode.AUTO.colorize(Map.of("TERM", "dumb"), true));
    assertTrue(ColorMode.ALWAYS.colorize(Map.of("NO_COLOR", "1"), false));
    assertFalse(ColorMode.NEVER.colorize(Map.of(), true));
  }

  @Test
  void consoleWritesPacmanStylePrefixesWithAndWithoutColour() {
    StringWriter plain = new StringWriter();
    new Console(new PrintWriter(plain, true), new PrintWriter(plain, true), false).error("bad");
    assertTrue(plain.toString().equals("error: bad" + System.lineSeparator()), plain.toString());
    StringWriter coloured = new StringWriter();
    new Console(new PrintWriter(coloured, true), new PrintWriter(coloured, true), true).step("go");
    assertTrue(coloured.toString().contains("\u001b["), coloured.toString());
    assertTrue(coloured.toString().contains("go"), coloured.toString());
  }
}
