package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** README's first command, {@code src/test/sandbox/demo}, on the path a user takes: roll back. */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class DemoTest {

  @Test
  void theDemoRollsAnUpdateBackAcrossARealReboot() {
    SandboxScript.deps();
    Path demo = SandboxScript.SCRIPT.resolveSibling("demo");
    Path dir = Path.of("target/sandbox/demo").toAbsolutePath();
    GuestDisks.made(dir);
    SandboxScript.Result run = SandboxScript.exec(demo, List.of("--batch", dir.toString()), 1200);
    String out = run.output();
    assertEquals(0, run.code(), out);
    int update = out.indexOf("# safeup pacman -Syu");
    int reboot = out.indexOf(":: Boot 2");
    assertTrue(update > 0 && reboot > update, out);
    String before = out.substring(0, update);
    String during = out.substring(update, reboot);
    String after = out.substring(reboot);
    assertTrue(before.contains("/      /dev/mapper/vg0-root ext4"), "the root is the LV:\n" + out);
    assertTrue(before.contains("hello 1.0-1"), out);
    assertTrue(during.contains("upgraded hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(during.contains("Keep this update?"), "the question is shown:\n" + out);
    assertTrue(during.contains("rebooting to complete it"), out);
    assertTrue(after.contains("hello 1.0-1\n"), "the old version after the reboot:\n" + out);
    assertTrue(after.contains("world 1.0-1\n"), out);
    assertTrue(after.contains("No snapshot sets"), out);
  }
}
