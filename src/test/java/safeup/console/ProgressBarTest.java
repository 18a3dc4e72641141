package safeup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void rendersTheShareDoneAsABarAPercentageAndSizes() {
    assertEquals(
        "   backing up [###############---------------]  50%  1.0 GiB of 2.0 GiB   ",
        ProgressBar.render("backing up", 1L << 30, 2L << 30));
  }

  @Test
  void redrawsInPlaceOncePerPercentAndEndsTheLineAtOneHundred() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), "x", 1000);
    bar.update(10);
    bar.update(11); // still 1%
    bar.update(5000); // more than the total: 100%
    bar.finish();
    String out = text.toString();
    assertEquals(3, out.split("\r", -1).length - 1, out); // 1%, 100%, and 100% again at the end
    assertTrue(out.endsWith("100%  1000 B of 1000 B   " + System.lineSeparator()), out);
  }
}
