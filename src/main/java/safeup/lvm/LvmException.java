package safeup.lvm;

/** An LVM command failed or gave output safeup cannot read. */
public final class LvmException extends RuntimeException {
  public LvmException(String message) {
    super(message);
  }
}
