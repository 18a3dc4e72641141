package safeup.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * safeup's command line built from the build's {@link ModelDescription} through picocli's
 * programmatic API, with no annotation read (picocli reading them was most of a short run's time)
 * and commands made and their fields set through the build's {@link CommandFields}. As with the
 * annotated model (see {@link Subcommands}), the command the arguments name is complete and the
 * others are outlines. Help goes to the annotated model, which has every text of the help pages.
 */
public final class LeanModel {
  /** picocli's help options. */
  private static final Set<String> HELP = Set.of("-h", "--help");

  private LeanModel() {}

  /**
   * The command line for {@code args} around {@code safeup}; empty when they may ask for help, or
   * when the build kept no description.
   */
  public static Optional<CommandLine> commandLine(SafeupCommand safeup, String[] args) {
    if (mayAskForHelp(args)) {
      return Optional.empty();
    }
    return ModelDescription.read().map(model -> build(model, safeup, args));
  }

  /**
   * Whether an argument is a help option, alone or among short options (-yh). The version needs no
   * more than this model has.
   */
  static boolean mayAskForHelp(String[] args) {
    for (String arg : args) {
      boolean shortOptions = arg.startsWith("-") && !arg.startsWith("--");
      if (HELP.contains(arg) || shortOptions && arg.contains("h")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The root with the command {@code args} name, complete; with no command named (or a word that
   * names none), every command as an outline, for the error and its suggestions. Beside a named
   * command the others would serve nothing: picocli reads no second command word.
   */
  static CommandLine build(ModelDescription model, SafeupCommand safeup, String[] args) {
    CommandLine root = new CommandLine(spec(model, "", safeup, null));
    Optional<String> named = Subcommands.commandWord(args).filter(model.children("")::contains);
    for (String path : model.children("")) {
      if (named.equals(Optional.of(path))) {
        root.addSubcommand(path, complete(model, path, safeup));
      } else if (named.isEmpty()) {
        List<String> command = command(model, path);
        root.addSubcommand(
            path,
            Subcommands.outline(path, lines(command.get(4)), Boolean.parseBoolean(command.get(3))));
      }
    }
    return root;
  }

  /** The command at {@code path} and every command below it. */
  private static CommandLine complete(ModelDescription model, String path, Object parent) {
    Object command = CommandFields.make(command(model, path).get(1));
    CommandLine line = new CommandLine(spec(model, path, command, parent));
    for (String child : model.children(path)) {
      line.addSubcommand(ModelDescription.nameOf(child), complete(model, child, command));
    }
    return line;
  }

  private static List<String> command(ModelDescription model, String path) {
    return model.elements(path).stream()
        .filter(e -> e.get(0).equals(ModelDescription.COMMAND))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no command '" + path + "' described"));
  }

  /** The model of {@code command}, the object at {@code path}, its fields set as picocli would. */
  private static CommandSpec spec(
      ModelDescription model, String path, Object command, Object parent) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    Map<String, Object> mixins = new HashMap<>();
    for (List<String> e : model.elements(path)) {
      switch (e.get(0)) {
        case ModelDescription.COMMAND -> {
          spec.name(e.get(2));
          spec.usageMessage().hidden(Boolean.parseBoolean(e.get(3)));
          spec.usageMessage().description(lines(e.get(4)));
        }
        case ModelDescription.MIXIN -> {
          Object mixin = CommandFields.make(e.get(2));
          FieldBinding.set(command, e.get(1), mixin);
          mixins.put(e.get(1), mixin);
        }
        case ModelDescription.OPTION -> spec.addOption(option(e, binding(command, mixins, e)));
        case ModelDescription.POSITIONAL ->
            spec.addPositional(positional(e, binding(command, mixins, e)));
        case ModelDescription.UNMATCHED ->
            spec.addUnmatchedArgsBinding(
                UnmatchedArgsBinding.forStringCollectionSupplier(
                    new FieldBinding(command, e.get(1))));
        case ModelDescription.SPEC -> FieldBinding.set(command, e.get(1), spec);
        case ModelDescription.PARENT -> FieldBinding.set(command, e.get(1), parent);
        default -> throw new IllegalStateException("unknown element " + e.get(0));
      }
    }
    return spec;
  }

  /**
   * Where an option's value goes: {@code field} of the command, or {@code mixin.field}; null for
   * one that only tells it was given.
   */
  private static FieldBinding binding(Object command, Map<String, Object> mixins, List<String> e) {
    if (e.get(1) == null) {
      return null;
    }
    String[] names = e.get(1).split("\\.", 2);
    return names.length == 1
        ? new FieldBinding(command, names[0])
        : new FieldBinding(mixins.get(names[0]), names[1]);
  }

  private static OptionSpec option(List<String> e, FieldBinding binding) {
    Arg arg = new Arg(e);
    OptionSpec.Builder option =
        OptionSpec.builder(e.get(2).split(","))
            .usageHelp(Boolean.parseBoolean(e.get(11)))
            .versionHelp(Boolean.parseBoolean(e.get(12)));
    if (arg.arity != null) {
      option.arity(arg.arity);
    }
    if (arg.converter != null) {
      option.converters(arg.converter);
    }
    option
        .type(arg.type)
        .auxiliaryTypes(arg.elementTypes)
        .paramLabel(arg.label)
        .required(arg.required)
        .defaultValue(arg.defaultValue)
        .hidden(arg.hidden);
    if (binding != null) {
      option.getter(binding).setter(binding).initialValue(binding.get());
    } else { // picocli keeps the value; a flag starts unset, as its field would
      option.initialValue(arg.type == boolean.class ? Boolean.FALSE : null);
    }
    return option.hasInitialValue(true).build();
  }

  private static PositionalParamSpec positional(List<String> e, FieldBinding binding) {
    Arg arg = new Arg(e);
    PositionalParamSpec.Builder positional = PositionalParamSpec.builder();
    if (e.get(2) != null) {
      positional.index(e.get(2));
    }
    if (arg.arity != null) {
      positional.arity(arg.arity);
    }
    if (arg.converter != null) {
      positional.converters(arg.converter);
    }
    return positional
        .type(arg.type)
        .auxiliaryTypes(arg.elementTypes)
        .paramLabel(arg.label)
        .required(arg.required)
        .defaultValue(arg.defaultValue)
        .hidden(arg.hidden)
        .getter(binding)
        .setter(binding)
        .initialValue(binding.get())
        .hasInitialValue(true)
        .build();
  }

  /** What an option's and a positional parameter's lines share: arity, type, label and the rest. */
  private record Arg(
      String arity,
      Class<?> type,
      Class<?>[] elementTypes,
      String label,
      boolean required,
      String defaultValue,
      ITypeConverter<?> converter,
      boolean hidden) {
    Arg(List<String> e) {
      this(
          e.get(3),
          LeanModel.type(e.get(4)),
          e.get(5).isEmpty()
              ? new Class<?>[0]
              : Arrays.stream(e.get(5).split(",")).map(LeanModel::type).toArray(Class<?>[]::new),
          e.get(6),
          Boolean.parseBoolean(e.get(7)),
          e.get(8),
          e.get(9) == null ? null : (ITypeConverter<?>) CommandFields.make(e.get(9)),
          Boolean.parseBoolean(e.get(10)));
    }
  }

  private static String[] lines(String text) {
    return text == null ? new String[0] : text.split("\n");
  }

  private static Class<?> type(String name) {
    return switch (name) {
      case "boolean" -> boolean.class;
      case "int" -> int.class;
      case "long" -> long.class;
      default -> {
        try {
          yield Class.forName(name, false, LeanModel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("no type " + name, e);
        }
      }
    };
  }
}
