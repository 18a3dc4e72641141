package safeup.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * safeup's commands, in the order help lists them. Building a command's picocli model from its
 * annotations is most of safeup's start-up, so a command line built for given arguments gets the
 * full model of the command they name only; every other command is a name and the description from
 * its {@code @Command}, which is all the help's list and picocli's "did you mean" need.
 */
public final class Subcommands {
  /** The command words, in help's order. */
  static final List<String> NAMES =
      List.of(
          "pacman",
          "keep",
          "rollback",
          "status",
          "diff",
          "doctor",
          "boot",
          "mount",
          "umount",
          "backup",
          "hook");

  /** safeup's own options that take a value as the next argument. */
  private static final Set<String> OPTIONS_WITH_A_VALUE =
      Set.of("-c", "--config", "--color", "--then");

  private Subcommands() {}

  /** Adds every command, each with its full model (for documentation and its tests). */
  public static void addAll(CommandLine root) {
    for (String name : NAMES) {
      root.addSubcommand(name, type(name));
    }
  }

  /** Adds the command {@code args} name with its full model, and the others as outlines. */
  public static void addFor(CommandLine root, String[] args) {
    Optional<String> named = commandWord(args);
    for (String name : NAMES) {
      root.addSubcommand(name, named.equals(Optional.of(name)) ? type(name) : outline(name));
    }
  }

  /**
   * The first argument that is neither one of safeup's options nor an option's value: the command
   * word, as picocli will read it; empty when there is none.
   */
  static Optional<String> commandWord(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return Optional.empty();
      }
      if (OPTIONS_WITH_A_VALUE.contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }

  private static Class<?> type(String name) {
    return switch (name) {
      case "pacman" -> PacmanCommand.class;
      case "keep" -> KeepCommand.class;
      case "rollback" -> RollbackCommand.class;
      case "status" -> StatusCommand.class;
      case "diff" -> DiffCommand.class;
      case "doctor" -> DoctorCommand.class;
      case "boot" -> BootCommand.class;
      case "mount" -> MountCommand.class;
      case "umount" -> UmountCommand.class;
      case "backup" -> BackupCommand.class;
      case "hook" -> HookCommand.class;
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  /**
   * A command's name and help description, read from its {@code @Command} without building its
   * model. It is never run: the arguments named another command, so reaching it is a bug.
   */
  private static CommandSpec outline(String name) {
    Command command = type(name).getAnnotation(Command.class);
    return outline(name, command.description(), command.hidden());
  }

  /** A command that is only a name and a description, for a line built for another command. */
  static CommandSpec outline(String name, String[] description, boolean hidden) {
    Runnable never =
        () -> {
          throw new IllegalStateException(
              "the command line was built for another command than '" + name + "'");
        };
    CommandSpec spec = CommandSpec.wrapWithoutInspection(never).name(name);
    spec.usageMessage().description(description).hidden(hidden);
    return spec;
  }
}
