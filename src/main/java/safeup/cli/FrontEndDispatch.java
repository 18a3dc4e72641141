package safeup.cli;

import java.util.List;
import picocli.CommandLine.UnmatchedArgumentException;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.update.FrontEnd;
import safeup.core.update.UpdateService;

/**
 * {@code safeup NAME ARGS...} for a front end listed in {@code FrontEnds} (paru and yay by
 * default): like {@code safeup pacman}, everything after the name is the front end's, verbatim.
 */
final class FrontEndDispatch {
  private FrontEndDispatch() {}

  /** Runs the front end {@code words} names; anything else is an unknown command or option. */
  static int run(SafeupCommand safeup, List<String> words) {
    String name = words.get(0);
    Config config = name.startsWith("-") ? null : safeup.config();
    if (config == null || !config.frontEnds().contains(name)) {
      throw new UnmatchedArgumentException(safeup.spec.commandLine(), words);
    }
    Console console = safeup.console();
    UpdateService service =
        new UpdateService(safeup.machine(console), config, safeup.configFile, console);
    return service.update(
        FrontEnd.run(
            name,
            words.subList(1, words.size()),
            safeup.wiring().host().isRoot(),
            safeup.wiring().environment()),
        safeup.then(),
        safeup.wiring()::prompter);
  }
}
