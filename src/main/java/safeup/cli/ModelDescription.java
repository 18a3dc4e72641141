package safeup.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * safeup's commands as the build read them from their annotations, kept in the jar beside the help
 * pages, so that a run can build the model of its command without reading one annotation (see
 * {@link LeanModel}). A line per element: its kind, the command's path (space-separated words,
 * empty for safeup itself), then the element's fields, tab-separated; a backslash escapes a tab
 * ({@code \t}), a line break ({@code \n}) and itself, and {@code \0} stands for no value.
 */
final class ModelDescription {
  /** The description's name among the help pages. */
  static final String NAME = "model";

  /** A command: path, class, name, whether help hides it, its description (lines). */
  static final String COMMAND = "command";

  /** An object whose options a command shares (picocli's mixin): path, field, class. */
  static final String MIXIN = "mixin";

  /**
   * An option: path, binding (a field, a mixin's field and its field, or none), names
   * (comma-separated), arity, type, element types, label, required, default, converter, hidden,
   * whether it asks for help, whether it asks for the version.
   */
  static final String OPTION = "option";

  /**
   * A positional parameter: as an option up to hidden, with its index where an option has names.
   */
  static final String POSITIONAL = "positional";

  /** The field that collects the arguments a command passes on: path, field. */
  static final String UNMATCHED = "unmatched";

  /** The field that holds the command's own model: path, field. */
  static final String SPEC = "spec";

  /** The field that holds the command above: path, field. */
  static final String PARENT = "parent";

  private final Map<String, List<List<String>>> elementsByPath;

  private ModelDescription(Map<String, List<List<String>>> elementsByPath) {
    this.elementsByPath = elementsByPath;
  }

  /** The description the build kept; empty when it left it out. */
  static Optional<ModelDescription> read() {
    return HelpPages.read(NAME).map(ModelDescription::parse);
  }

  static ModelDescription parse(String text) {
    Map<String, List<List<String>>> elements = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      for (String field : line.split("\t", -1)) {
        fields.add(unescape(field));
      }
      String path = fields.remove(1);
      elements.computeIfAbsent(path, p -> new ArrayList<>()).add(fields);
    }
    return new ModelDescription(elements);
  }

  /** The elements of the command at {@code path}, each its kind and then its fields. */
  List<List<String>> elements(String path) {
    return elementsByPath.getOrDefault(path, List.of());
  }

  /** The paths of the commands right below {@code path}, in help's order. */
  List<String> children(String path) {
    return elementsByPath.keySet().stream()
        .filter(p -> !p.isEmpty() && parentOf(p).equals(path))
        .toList();
  }

  private static String parentOf(String path) {
    int space = path.lastIndexOf(' ');
    return space < 0 ? "" : path.substring(0, space);
  }

  static String nameOf(String path) {
    return path.substring(path.lastIndexOf(' ') + 1);
  }

  /** One line of the description. */
  static String line(String kind, String path, Object... fields) {
    List<String> all = new ArrayList<>(List.of(kind, path));
    for (Object field : fields) {
      all.add(field == null ? null : String.valueOf(field));
    }
    return all.stream().map(ModelDescription::escape).collect(Collectors.joining("\t")) + "\n";
  }

  private static String escape(String field) {
    if (field == null) {
      return "\\0";
    }
    return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String field) {
    if (field.equals("\\0")) {
      return null;
    }
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
