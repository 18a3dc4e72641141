package safeup.console;

import java.util.Optional;

/** Asks the person at the terminal. */
public interface Prompter {

  /** The line typed in answer to {@code prompt}; empty on end of input or Ctrl-C. */
  Optional<String> ask(String prompt);
}
