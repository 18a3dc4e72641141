package safeup.cli;

import java.lang.reflect.Field;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/** An option's or parameter's value, kept in a field of a command (or of its mixin). */
final class FieldBinding implements IGetter, ISetter {
  private final Object owner;
  private final Field field;

  FieldBinding(Object owner, String name) {
    this.owner = owner;
    this.field = field(owner.getClass(), name);
  }

  static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(type.getName() + " has no field " + name, e);
    }
  }

  /** Sets {@code owner}'s field {@code name} to {@code value}. */
  static void set(Object owner, String name, Object value) {
    new FieldBinding(owner, name).set(value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get() {
    try {
      return (T) field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public <T> T set(T value) {
    T previous = get();
    try {
      field.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return previous;
  }
}
