package safeup.cli;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;
import picocli.CommandLine.Unmatched;

/**
 * Describes safeup's commands at build time, from the model picocli reads from their annotations
 * (see {@link ModelDescription} for the form).
 */
final class ModelDescriptionWriter {
  /** The name picocli gives the mixin that {@code mixinStandardHelpOptions} brings. */
  private static final String STANDARD_HELP = "mixinStandardHelpOptions";

  private ModelDescriptionWriter() {}

  /** The description of {@code root} and every command below it. */
  static String describe(CommandLine root) {
    StringBuilder out = new StringBuilder();
    describe(root, "", out);
    return out.toString();
  }

  private static void describe(CommandLine command, String path, StringBuilder out) {
    CommandSpec spec = command.getCommandSpec();
    Class<?> type = spec.userObject().getClass();
    String[] description = spec.usageMessage().description();
    out.append(
        ModelDescription.line(
            ModelDescription.COMMAND,
            path,
            type.getName(),
            spec.name(),
            spec.usageMessage().hidden(),
            description.length == 0 ? null : String.join("\n", description)));
    for (Map.Entry<String, IAnnotatedElement> mixin : spec.mixinAnnotatedElements().entrySet()) {
      if (!mixin.getKey().equals(STANDARD_HELP)) {
        out.append(
            ModelDescription.line(
                ModelDescription.MIXIN,
                path,
                mixin.getKey(),
                spec.mixins().get(mixin.getKey()).userObject().getClass().getName()));
      }
    }
    for (OptionSpec option : spec.options()) {
      out.append(option(spec, path, option));
    }
    for (PositionalParamSpec positional : spec.positionalParameters()) {
      out.append(positional(spec, path, positional));
    }
    for (Field field : type.getDeclaredFields()) {
      if (field.isAnnotationPresent(Unmatched.class)) {
        out.append(ModelDescription.line(ModelDescription.UNMATCHED, path, field.getName()));
      }
    }
    for (IAnnotatedElement element : spec.specElements()) {
      out.append(ModelDescription.line(ModelDescription.SPEC, path, element.getName()));
    }
    for (IAnnotatedElement element : spec.parentCommandElements()) {
      out.append(ModelDescription.line(ModelDescription.PARENT, path, element.getName()));
    }
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      describe(sub.getValue(), path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), out);
    }
  }

  private static String option(CommandSpec spec, String path, OptionSpec option) {
    return ModelDescription.line(
        ModelDescription.OPTION,
        path,
        binding(spec, option),
        String.join(",", option.names()),
        arity(option.arity()),
        option.type().getName(),
        typeNames(option.auxiliaryTypes()),
        option.paramLabel(),
        option.required(),
        option.defaultValue(),
        converter(option.converters()),
        option.hidden(),
        option.usageHelp(),
        option.versionHelp());
  }

  private static String positional(CommandSpec spec, String path, PositionalParamSpec positional) {
    return ModelDescription.line(
        ModelDescription.POSITIONAL,
        path,
        binding(spec, positional),
        arity(positional.index()),
        arity(positional.arity()),
        positional.type().getName(),
        typeNames(positional.auxiliaryTypes()),
        positional.paramLabel(),
        positional.required(),
        positional.defaultValue(),
        converter(positional.converters()),
        positional.hidden());
  }

  /**
   * The field an option sets: the command's own, or a mixin's ({@code mixin.field}); none for
   * picocli's help and version options, which only tell that they were given.
   */
  private static String binding(CommandSpec spec, ArgSpec arg) {
    Field field = (Field) arg.userObject();
    if (field.getDeclaringClass().isInstance(spec.userObject())) {
      return field.getName();
    }
    for (Map.Entry<String, CommandSpec> mixin : spec.mixins().entrySet()) {
      if (field.getDeclaringClass().isInstance(mixin.getValue().userObject())) {
        return mixin.getKey().equals(STANDARD_HELP) ? null : mixin.getKey() + "." + field.getName();
      }
    }
    throw new IllegalStateException("no field of " + spec.qualifiedName() + " holds " + field);
  }

  private static String arity(Range arity) {
    if (arity.isUnspecified()) {
      return null;
    }
    return arity.originalValue() != null ? arity.originalValue() : arity.toString();
  }

  private static String typeNames(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getName).collect(Collectors.joining(","));
  }

  private static String converter(ITypeConverter<?>[] converters) {
    List<String> names = Arrays.stream(converters).map(c -> c.getClass().getName()).toList();
    if (names.size() > 1) {
      throw new IllegalStateException("more than one converter: " + names);
    }
    return names.isEmpty() ? null : names.get(0);
  }
}
