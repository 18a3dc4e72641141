package safeup.doctor;

/**
 * One line of {@code safeup doctor}.
 *
 * @param check what was checked, for example {@code root on LVM}
 * @param message what was found, with the names involved
 * @param fix what to do about it; empty when there is nothing to do
 */
public record Finding(String check, Verdict verdict, String message, String fix) {

  public static Finding pass(String check, String message) {
    return new Finding(check, Verdict.PASS, message, "");
  }

  public static Finding warn(String check, String message, String fix) {
    return new Finding(check, Verdict.WARN, message, fix);
  }

  public static Finding fail(String check, String message, String fix) {
    return new Finding(check, Verdict.FAIL, message, fix);
  }
}
