package safeup.core.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GRUB script's text; what grub-mkconfig makes of it is proven in the system guest
 * (SystemGuestGrubTest).
 */
class GrubMenuTest {

  @Test
  void theScriptNamesTheTargetsAndTheVariableAndIsInstalledAfter41Custom() {
    String script = GrubMenu.script();
    assertTrue(script.startsWith("#! /bin/sh\n"), script);
    assertFalse(script.contains("@"), "every placeholder is filled:\n" + script);
    assertTrue(script.contains("make a snapshot set at boot\" $first)"), script);
    assertTrue(script.contains("\n    safeup-snapshot.target\n"), script);
    assertTrue(script.contains("\n    safeup-rollback.target\n"), script);
    assertTrue(
        script.contains("  load_env safeup_pending safeup_put_back safeup_tries_left\n"), script);
    assertTrue(script.contains("if [ -n \"${safeup_pending}\" ]; then\n"), script);
    assertEquals(Path.of("/etc/grub.d/41_safeup"), GrubMenu.INSTALL_PATH);
    assertTrue("41_custom".compareTo(GrubMenu.FILE_NAME) < 0, "after custom.cfg's entries");
  }

  @Test
  void theScriptIsValidShell(@TempDir Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve(GrubMenu.FILE_NAME);
    Files.writeString(file, GrubMenu.script(), StandardCharsets.UTF_8);
    Process sh = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, sh.waitFor(), output);
  }
}
