package safeup.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import safeup.core.decision.Decision;

/** Reads {@code --then ask|keep|rollback|later}. */
final class DecisionConverter implements ITypeConverter<Decision> {
  @Override
  public Decision convert(String value) {
    try {
      return Decision.of(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
