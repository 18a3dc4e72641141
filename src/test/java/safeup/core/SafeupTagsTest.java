package safeup.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SafeupTagsTest {
  // LVM's tag rules: these characters, at most 128 of them.
  private static final Pattern LVM_TAG = Pattern.compile("[A-Za-z0-9._+/=!:&#-]{1,128}");

  @Test
  void everyTagIsOneLvmAccepts() {
    String command = "pacman -S 'weird name' --overwrite '/usr/*' é ✓ " + "x".repeat(300);
    List<String> tags =
        SafeupTags.forSnapshot(
            "20261127-101500",
            "0123456789abcdef0123456789abcdef",
            2,
            command,
            Optional.of("/var/log/pacman.log"),
            Optional.of("/var/lib/safeup/boot/20261127-101500"));
    for (String tag : tags) {
      assertTrue(LVM_TAG.matcher(tag).matches(), tag);
    }
    assertEquals(Optional.of(command), SafeupTags.decode(SafeupTags.COMMAND, tags));
    assertEquals(Optional.of("/var/log/pacman.log"), SafeupTags.decode(SafeupTags.LOG, tags));
    assertEquals(
        Optional.of("/var/lib/safeup/boot/20261127-101500"),
        SafeupTags.decode(SafeupTags.BOOT, tags));
  }

  @Test
  void overlongTextIsCutButStillDecodes() {
    String command = "pacman -S " + "pkg ".repeat(1000);
    List<String> tags =
        SafeupTags.forSnapshot("1", "", 1, command, Optional.empty(), Optional.empty());
    String decoded = SafeupTags.decode(SafeupTags.COMMAND, tags).orElseThrow();
    assertTrue(command.startsWith(decoded.substring(0, decoded.length() - 3)));
    assertTrue(decoded.endsWith("..."));
    assertTrue(tags.size() <= 3 + 8, tags.toString());
  }

  @Test
  void missingChunkDecodesToNothing() {
    List<String> tags =
        SafeupTags.forSnapshot("1", "", 1, "x".repeat(200), Optional.empty(), Optional.empty());
    List<String> damaged =
        tags.stream().filter(t -> !t.startsWith(SafeupTags.COMMAND + "0:")).toList();
    assertEquals(Optional.empty(), SafeupTags.decode(SafeupTags.COMMAND, damaged));
  }
}
