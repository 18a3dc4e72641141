package safeup.process;

import java.util.List;
import java.util.stream.Collectors;

/** Shows an argv to people, quoted so that a shell would read it back the same. */
public final class Argv {
  private Argv() {}

  public static String render(List<String> argv) {
    return argv.stream().map(Argv::quote).collect(Collectors.joining(" "));
  }

  private static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:%@+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
