package safeup.system;

import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * The signals that would end safeup: INT (Ctrl-C), TERM (kill) and HUP (the terminal went away).
 * What each means depends on the step of a run, so the core decides, through this interface.
 */
public interface Signals {
  List<String> ENDING = List.of("INT", "TERM", "HUP");

  /**
   * From now on, each of {@code names} calls {@code handler} with the signal's name (on a thread of
   * its own) instead of ending safeup.
   */
  void handle(List<String> names, Consumer<String> handler);

  /** Ends safeup with {@code code}, from a handler. */
  void exit(int code);

  /** The shell's status for a process ended by {@code name}: 128 plus its number. */
  static int exitCode(String name) {
    return 128
        + switch (name) {
          case "HUP" -> 1;
          case "INT" -> 2;
          default -> 15;
        };
  }

  /** The real process. */
  static Signals system() {
    return new Signals() {
      @Override
      public void handle(List<String> names, Consumer<String> handler) {
        // A handler, not SIG_IGN: an ignored signal would stay ignored in every child started
        // later, pacman included.
        for (String name : names) {
          Signal.handle(new Signal(name), signal -> handler.accept(name));
        }
      }

      @Override
      public void exit(int code) {
        System.exit(code);
      }
    };
  }
}
