package safeup.cli;

import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/**
 * An option's or parameter's value, kept in a field of a command (or of its mixin), reached through
 * the {@link CommandFields} the build writes rather than reflection.
 */
final class FieldBinding implements IGetter, ISetter {
  private final Object owner;
  private final String field;

  FieldBinding(Object owner, String field) {
    this.owner = owner;
    this.field = field;
  }

  /** Sets {@code owner}'s field {@code field} to {@code value}. */
  static void set(Object owner, String field, Object value) {
    CommandFields.set(owner, field, value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get() {
    return (T) CommandFields.get(owner, field);
  }

  @Override
  public <T> T set(T value) {
    T previous = get();
    CommandFields.set(owner, field, value);
    return previous;
  }
}
