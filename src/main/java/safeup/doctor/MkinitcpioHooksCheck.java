package safeup.doctor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When mkinitcpio is in use, its HOOKS include {@code lvm2} (or the older {@code sd-lvm2}), which
 * put dm-snapshot into every image it builds: {@code /etc/mkinitcpio.conf}, then each {@code
 * /etc/mkinitcpio.conf.d/*.conf} in order, the last HOOKS winning.
 */
final class MkinitcpioHooksCheck implements Check {
  static final String CONFIG = "/etc/mkinitcpio.conf";
  private static final Pattern HOOKS =
      Pattern.compile("(?m)^\\s*HOOKS(\\+?)=(?:\\(([^)]*)\\)|\"([^\"]*)\")");

  @Override
  public String name() {
    return "mkinitcpio";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Path main = context.file(CONFIG);
    if (!Files.exists(main)) {
      return List.of(); // mkinitcpio is not in use: the initramfs line says what there is
    }
    List<Path> files = new ArrayList<>(List.of(main));
    TreeSet<Path> dropIns = new TreeSet<>();
    try (DirectoryStream<Path> d =
        Files.newDirectoryStream(context.file("/etc/mkinitcpio.conf.d"), "*.conf")) {
      d.forEach(dropIns::add);
    } catch (IOException e) {
      // no drop-in directory
    }
    files.addAll(dropIns);
    List<String> hooks = null;
    String where = null;
    for (Path file : files) {
      String shown = "/" + context.file("/").relativize(file);
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        return List.of(Finding.warn(name(), "cannot read " + shown + ": " + e, ""));
      }
      Matcher m = HOOKS.matcher(withoutComments(text));
      while (m.find()) {
        String inner = m.group(2) != null ? m.group(2) : m.group(3);
        List<String> words =
            Arrays.stream(inner.replace("'", "").replace("\"", "").split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
        if (m.group(1).equals("+") && hooks != null) {
          hooks = new ArrayList<>(hooks);
          hooks.addAll(words);
        } else {
          hooks = words;
        }
        where = shown;
      }
    }
    if (hooks == null) {
      return List.of(
          Finding.warn(
              name(),
              "no HOOKS line in " + CONFIG + " or /etc/mkinitcpio.conf.d",
              "set HOOKS in " + CONFIG + " with lvm2 among them, then run: mkinitcpio -P"));
    }
    String shownHooks = "HOOKS in " + where + " (" + String.join(" ", hooks) + ")";
    if (hooks.contains("lvm2") || hooks.contains("sd-lvm2")) {
      return List.of(
          Finding.pass(
              name(), shownHooks + " include " + (hooks.contains("lvm2") ? "lvm2" : "sd-lvm2")));
    }
    return List.of(
        Finding.fail(
            name(),
            shownHooks
                + " lack lvm2: the images mkinitcpio builds cannot activate a snapshot, and a"
                + " system with one does not boot",
            "add lvm2 to HOOKS in " + where + " (before filesystems), then run: mkinitcpio -P"));
  }

  private static String withoutComments(String text) {
    return text.lines()
        .map(line -> line.replaceAll("(^|\\s)#.*$", ""))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
