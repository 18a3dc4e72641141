package safeup.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import safeup.console.ColorMode;

/** Reads {@code --color auto|always|never}. */
final class ColorModeConverter implements ITypeConverter<ColorMode> {
  @Override
  public ColorMode convert(String value) {
    try {
      return ColorMode.of(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
