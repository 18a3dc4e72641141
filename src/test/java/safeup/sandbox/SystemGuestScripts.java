package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/** What the system guest's safeup tests share: a guest per test, a prelude, one assertion. */
final class SystemGuestScripts {

  /** Shell functions for every script: the safeup LVs with their tags. */
  private static final String PRELUDE =
      """
      set -u
      safeup_lvs() { lvs -a --noheadings -o lv_name,lv_tags vg0 | grep safeup || true; }
      """;

  /** Installs the hook files that {@link #copyHooks} copied, as the package does. */
  static final String INSTALL_HOOKS =
      """
      install -d /usr/share/libalpm/hooks
      install -m 644 /host/alpm/*.hook /usr/share/libalpm/hooks/
      """;

  private SystemGuestScripts() {}

  /** Copies the repository's pacman hooks to where the guest sees them ({@code /host/alpm}). */
  static void copyHooks(SystemGuest guest) {
    Path target = guest.dir().resolve("alpm");
    try (Stream<Path> hooks = Files.list(Path.of("src/main/alpm"))) {
      Files.createDirectories(target);
      for (Path hook : hooks.toList()) {
        Files.copy(hook, target.resolve(hook.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh guest in a directory named after the test's class and method: tests that run side by
   * side in two JVMs never share one.
   */
  static SystemGuest guest(TestInfo test, Layout layout) {
    String name =
        test.getTestClass().orElseThrow().getSimpleName()
            + "."
            + test.getTestMethod().orElseThrow().getName();
    return SystemGuest.create(Path.of("target/sandbox/system/" + name), layout);
  }

  /** One of several guests of a test, told apart by {@code which}. */
  static SystemGuest guest(TestInfo test, Layout layout, String which) {
    String name =
        test.getTestClass().orElseThrow().getSimpleName()
            + "."
            + test.getTestMethod().orElseThrow().getName()
            + "."
            + which;
    return SystemGuest.create(Path.of("target/sandbox/system/" + name), layout);
  }

  /** Boots {@code guest} with each script after the prelude. */
  static List<Boot> boot(SystemGuest guest, String... scripts) {
    return boot(guest, Map.of(), scripts);
  }

  /** Boots {@code guest} with {@code environment} for the sandbox (SANDBOX_CMDLINE, say). */
  static List<Boot> boot(SystemGuest guest, Map<String, String> environment, String... scripts) {
    String[] withPrelude = new String[scripts.length];
    for (int i = 0; i < scripts.length; i++) {
      withPrelude[i] = PRELUDE + scripts[i];
    }
    return guest.boot(environment, withPrelude);
  }

  /** The output ends with "lvs:" and no safeup LV after it. */
  static void assertNoSafeupLv(String out) {
    assertTrue(out.strip().endsWith("lvs:"), "no safeup LV may remain:\n" + out);
  }
}
