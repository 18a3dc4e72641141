package safeup.build;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Writes {@code safeup.cli.CommandFields} while safeup compiles: for every class that picocli makes
 * (commands, their mixins, converters) a {@code new}, and for every field picocli sets (the
 * annotated ones) a read and a write, each a plain Java statement. safeup's command line, built
 * from the description the build keeps, reaches its commands through it; reflection would cost a
 * run more than the rest of its command line (its accessors are made anew at every start).
 */
@SupportedAnnotationTypes("picocli.CommandLine.Command")
public final class CommandFieldsProcessor extends AbstractProcessor {
  private static final String PACKAGE = "safeup.cli";

  private static final Set<String> FIELD_ANNOTATIONS =
      Set.of(
          "picocli.CommandLine.Option",
          "picocli.CommandLine.Parameters",
          "picocli.CommandLine.Unmatched",
          "picocli.CommandLine.Spec",
          "picocli.CommandLine.ParentCommand",
          "picocli.CommandLine.Mixin");

  /** Type names (binary) to the expression that makes one. */
  private final Map<String, String> makers = new TreeMap<>();

  /** "binary type name#field" to the field's owner (canonical) and the field. */
  private final Map<String, VariableElement> fields = new TreeMap<>();

  private final Map<String, String> owners = new TreeMap<>();

  private boolean written;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element command : round.getElementsAnnotatedWith(annotation)) {
        if (command instanceof TypeElement type && inSafeup(type)) {
          addType(type);
        }
      }
    }
    // every command is in the first round: written then, its source is compiled with them
    if (!annotations.isEmpty() && !written && !makers.isEmpty()) {
      written = true;
      write();
    }
    return false;
  }

  private boolean inSafeup(TypeElement type) {
    return processingEnv
        .getElementUtils()
        .getPackageOf(type)
        .getQualifiedName()
        .toString()
        .equals(PACKAGE);
  }

  /** A class picocli makes, with the fields it sets and the classes those bring. */
  private void addType(TypeElement type) {
    String binary = processingEnv.getElementUtils().getBinaryName(type).toString();
    if (hasNoArgumentConstructor(type)) {
      makers.put(binary, "new " + type.getQualifiedName() + "()");
    }
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.FIELD) {
        continue;
      }
      for (AnnotationMirror mirror : member.getAnnotationMirrors()) {
        String name = mirror.getAnnotationType().toString();
        if (!FIELD_ANNOTATIONS.contains(name)) {
          continue;
        }
        VariableElement field = (VariableElement) member;
        if (field.getModifiers().contains(Modifier.PRIVATE)) {
          processingEnv
              .getMessager()
              .printMessage(Diagnostic.Kind.ERROR, "picocli's fields must not be private", field);
        }
        String key = binary + "#" + field.getSimpleName();
        fields.put(key, field);
        owners.put(key, type.getQualifiedName().toString());
        if (name.endsWith(".Mixin")) {
          addType((TypeElement) ((DeclaredType) field.asType()).asElement());
        }
        for (TypeElement converter : converters(mirror)) {
          makers.put(
              processingEnv.getElementUtils().getBinaryName(converter).toString(),
              "new " + converter.getQualifiedName() + "()");
        }
      }
    }
  }

  private static boolean hasNoArgumentConstructor(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() == ElementKind.CONSTRUCTOR
          && ((ExecutableElement) member).getParameters().isEmpty()
          && !member.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  /** The classes an {@code @Option}'s or {@code @Parameters}' {@code converter} names. */
  private static List<TypeElement> converters(AnnotationMirror mirror) {
    List<TypeElement> found = new ArrayList<>();
    for (var entry : mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("converter")) {
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> values =
            (List<? extends AnnotationValue>) entry.getValue().getValue();
        for (AnnotationValue value : values) {
          found.add((TypeElement) ((DeclaredType) value.getValue()).asElement());
        }
      }
    }
    return found;
  }

  private void write() {
    try (Writer out =
        processingEnv.getFiler().createSourceFile(PACKAGE + ".CommandFields").openWriter()) {
      out.write(source());
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.toString());
    }
  }

  private String source() {
    StringBuilder s = new StringBuilder();
    s.append("package ").append(PACKAGE).append(";\n\n");
    s.append(
        "/** Written by safeup.build.CommandFieldsProcessor from the commands' annotations. */\n");
    s.append("final class CommandFields {\n  private CommandFields() {}\n\n");
    s.append("  static Object make(String type) {\n    switch (type) {\n");
    makers.forEach(
        (type, maker) ->
            s.append("      case \"")
                .append(type)
                .append("\": return ")
                .append(maker)
                .append(";\n"));
    s.append("      default: throw new IllegalArgumentException(\"picocli makes no \" + type);\n");
    s.append("    }\n  }\n\n");
    s.append("  static Object get(Object owner, String field) {\n");
    fieldCases(s, (key, field) -> "return " + reach(key, field) + ";");
    s.append("  @SuppressWarnings({\"unchecked\", \"rawtypes\"})\n");
    s.append("  static void set(Object owner, String field, Object value) {\n");
    fieldCases(
        s, (key, field) -> reach(key, field) + " = (" + boxed(field.asType()) + ") value; return;");
    s.append("}\n");
    return s.toString();
  }

  /** A switch on the owner's class and the field's name, a case a field, then the method's end. */
  private void fieldCases(
      StringBuilder s, java.util.function.BiFunction<String, VariableElement, String> body) {
    s.append("    switch (owner.getClass().getName().concat(\"#\").concat(field)) {\n");
    fields.forEach(
        (key, field) ->
            s.append("      case \"")
                .append(key)
                .append("\": ")
                .append(body.apply(key, field))
                .append('\n'));
    s.append("      default: throw new IllegalArgumentException(\"picocli sets no \" + field);\n");
    s.append("    }\n  }\n\n");
  }

  /** The field {@code key} names, of the owner cast to its class. */
  private String reach(String key, VariableElement field) {
    return "((" + owners.get(key) + ") owner)." + field.getSimpleName();
  }

  /** The type a value is cast to before it goes into a field of type {@code type}. */
  private String boxed(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return processingEnv
          .getTypeUtils()
          .boxedClass((javax.lang.model.type.PrimitiveType) type)
          .getQualifiedName()
          .toString();
    }
    return processingEnv.getTypeUtils().erasure(type).toString();
  }
}
