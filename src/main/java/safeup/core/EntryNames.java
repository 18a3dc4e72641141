package safeup.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The entry names tar printed, in order: their count, and a digest of the whole list, so that the
 * list read back from the archive can be compared with the one written without keeping either.
 */
final class EntryNames implements Consumer<String> {
  private final MessageDigest digest;
  private long count;

  EntryNames() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void accept(String name) {
    count++;
    digest.update((name + "\n").getBytes(StandardCharsets.UTF_8));
  }

  synchronized long count() {
    return count;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EntryNames names
        && names.count() == count()
        && Arrays.equals(names.sum(), sum());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count());
  }

  private synchronized byte[] sum() {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
