package safeup;

import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import safeup.cli.SystemWiring;

/**
 * The run the launcher makes safeup's class cache from: the commands users run most, on this
 * machine, changing nothing. First {@code safeup status}; then an update as a dry run ({@code
 * --dry-run --then keep pacman -Su}), which lists the real volumes, asks pacman for its paths,
 * plans the set and shows every change it would make. A cache made from {@code status} alone left
 * the update's classes and call sites to every update, about a quarter of a second of it in a slow
 * guest. Nothing is printed. The configuration given (the first argument) has {@code PacmanLockWait
 * = 0}, so that where pacman's lock is held, as in the package's own install, the dry run gives up
 * at once instead of waiting for it.
 */
public final class ClassCacheTraining {
  private ClassCacheTraining() {}

  public static void main(String[] args) {
    String config = args[0];
    train("-c", config, "status");
    train("-c", config, "--dry-run", "--then", "keep", "pacman", "-Su");
    System.exit(0);
  }

  private static void train(String... args) {
    CommandLine commandLine = Main.commandLine(new SystemWiring(), args);
    commandLine.setOut(new PrintWriter(OutputStream.nullOutputStream()));
    commandLine.setErr(new PrintWriter(OutputStream.nullOutputStream()));
    try {
      commandLine.execute(args);
    } catch (RuntimeException e) { // a refusal ends the training of this command only
      return;
    }
  }
}
