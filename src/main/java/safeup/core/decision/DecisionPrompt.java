package safeup.core.decision;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import safeup.console.Console;
import safeup.console.Prompter;

/**
 * The question after an update, asked in pacman's style; Enter means "later", which loses nothing.
 */
public final class DecisionPrompt {
  private final Console console;
  private final Prompter prompter;

  public DecisionPrompt(Console console, Prompter prompter) {
    this.console = console;
    this.prompter = prompter;
  }

  /**
   * Asks until the answer is keep, rollback (confirmed) or later; without {@code canRollBack} (a
   * snapshot overflowed) only keep or later.
   */
  public Decision ask(int changes, boolean canRollBack) {
    return ask(() -> UndoSummary.packages(changes), canRollBack);
  }

  /**
   * Asks as {@link #ask(int, boolean)} does; {@code undoes} says what a rollback undoes, and is
   * asked for only when the answer is to roll back.
   */
  public Decision ask(Supplier<String> undoes, boolean canRollBack) {
    while (true) {
      Optional<String> answer =
          prompter.ask(
              console.question(
                  canRollBack
                      ? "Keep this update? [k]eep / [r]oll back / [L]ater"
                      : "This update can no longer be rolled back. [k]eep / [L]ater"));
      Optional<Decision> decision =
          answer.map(DecisionPrompt::parse).orElse(Optional.of(Decision.LATER));
      if (decision.isEmpty() || (!canRollBack && decision.get() == Decision.ROLLBACK)) {
        console.line(
            canRollBack
                ? "   Please answer k (keep), r (roll back) or l (decide later)."
                : "   Please answer k (keep, removing the snapshots) or l (decide later).");
        continue;
      }
      if (decision.get() != Decision.ROLLBACK || confirmRollback(undoes.get(), true)) {
        return decision.get();
      }
    }
  }

  /** Asks before a rollback that undoes {@code undoes}; anything but yes means no. */
  public boolean confirmRollback(String undoes, boolean reboot) {
    String question = "Undo " + undoes + (reboot ? " and reboot now?" : " at the next boot?");
    return yes(prompter.ask(console.question(question + " [y/N]")));
  }

  /** Whether an answer to a [y/N] question is yes; anything else, or none, is no. */
  static boolean yes(Optional<String> answer) {
    return answer
        .map(a -> a.strip().toLowerCase(Locale.ROOT))
        .filter(a -> a.equals("y") || a.equals("yes"))
        .isPresent();
  }

  static Optional<Decision> parse(String answer) {
    return switch (answer.strip().toLowerCase(Locale.ROOT)) {
      case "", "l", "later" -> Optional.of(Decision.LATER);
      case "k", "keep" -> Optional.of(Decision.KEEP);
      case "r", "rollback", "roll back" -> Optional.of(Decision.ROLLBACK);
      default -> Optional.empty();
    };
  }
}
