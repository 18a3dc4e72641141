package safeup.doctor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import safeup.lvm.LogicalVolume;
import safeup.process.ProgramNotFoundException;

/**
 * Each initramfs image in {@code /boot} holds dm-snapshot (and dm-thin-pool when a volume of the
 * set is thin), or its kernel has them built in: a system whose initramfs cannot activate a
 * snapshot does not boot while one exists.
 */
final class InitramfsCheck implements Check {
  private static final List<String> IMAGE_GLOBS =
      List.of("initramfs-*.img", "initrd*", "booster-*.img");
  private static final Pattern KERNEL = Pattern.compile("^(?:usr/)?lib/modules/([^/]+)/");

  @Override
  public String name() {
    return "initramfs";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Path boot = context.file("/boot");
    List<Path> images;
    try {
      images = images(boot);
    } catch (AccessDeniedException e) {
      if (!context.isRoot()) {
        throw Unavailable.needsRoot("reading /boot");
      }
      return List.of(Finding.warn(name(), "cannot read /boot: permission denied", ""));
    } catch (IOException e) {
      images = List.of();
    }
    if (images.isEmpty()) {
      return List.of(
          Finding.warn(
              name(),
              "no initramfs image in /boot ("
                  + String.join(", ", IMAGE_GLOBS)
                  + "), so whether it holds dm-snapshot was not checked",
              "mount /boot if it is a partition of its own; with a unified kernel image, make"
                  + " sure its initramfs has the lvm2 hook"));
    }
    List<String> modules = new ArrayList<>(List.of("dm-snapshot"));
    if (context.membersIfKnown().orElse(List.of()).stream().anyMatch(LogicalVolume::isThin)) {
      modules.add("dm-thin-pool");
    }
    List<Finding> findings = new ArrayList<>();
    for (Path image : images) {
      findings.add(examine(context, image, modules));
    }
    return findings;
  }

  private Finding examine(DoctorContext context, Path image, List<String> modules) {
    String shown = "/boot/" + image.getFileName();
    if (!Files.isReadable(image)) {
      if (!context.isRoot()) {
        return Unavailable.needsRoot("reading " + shown).as(name());
      }
      return Finding.warn(name(), "cannot read " + shown + ": permission denied", "");
    }
    List<String> names;
    try {
      names =
          InitramfsImage.contents(image, context.machine().processes(), context.machine().files());
    } catch (IOException e) {
      return Finding.warn(name(), "cannot read " + shown + ": " + e.getMessage(), "");
    } catch (ProgramNotFoundException e) {
      return Finding.warn(
          name(),
          "cannot list " + shown + ": " + e.getMessage(),
          "install bsdtar (pacman -S libarchive)");
    } catch (IllegalStateException e) {
      return Finding.warn(name(), e.getMessage(), "");
    }
    Set<String> kernels = new TreeSet<>();
    for (String entry : names) {
      Matcher m = KERNEL.matcher(entry);
      if (m.find()) {
        kernels.add(m.group(1));
      }
    }
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String module : modules) {
      Pattern file = Pattern.compile("(^|/)" + Pattern.quote(module) + "\\.ko(\\.(zst|xz|gz))?$");
      if (names.stream().anyMatch(n -> file.matcher(n).find())) {
        found.add(module);
      } else if (builtIn(context, kernels, module)) {
        found.add(module + " (built into the kernel)");
      } else {
        missing.add(module);
      }
    }
    if (missing.isEmpty()) {
      return Finding.pass(name(), shown + " has " + String.join(" and ", found));
    }
    return Finding.fail(
        name(),
        shown
            + " lacks "
            + String.join(" and ", missing)
            + ": a system with a snapshot of its root does not boot from it",
        fix(context, image));
  }

  private static List<Path> images(Path boot) throws IOException {
    Set<Path> images = new TreeSet<>();
    for (String glob : IMAGE_GLOBS) {
      try (DirectoryStream<Path> found = Files.newDirectoryStream(boot, glob)) {
        for (Path path : found) {
          if (Files.isRegularFile(path)) {
            images.add(path);
          }
        }
      }
    }
    return List.copyOf(images);
  }

  /** True when {@code modules.builtin} of one of the kernels (all of them if none) lists it. */
  private static boolean builtIn(DoctorContext context, Set<String> kernels, String module) {
    Path modulesDir = context.file("/usr/lib/modules");
    List<Path> dirs = new ArrayList<>();
    if (kernels.isEmpty()) {
      try (Stream<Path> all = Files.list(modulesDir)) {
        all.forEach(dirs::add);
      } catch (IOException e) {
        return false;
      }
    } else {
      kernels.forEach(k -> dirs.add(modulesDir.resolve(k)));
    }
    for (Path dir : dirs) {
      try (Stream<String> lines = Files.lines(dir.resolve("modules.builtin"))) {
        if (lines.anyMatch(l -> l.strip().endsWith("/" + module + ".ko"))) {
          return true;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // no such kernel here, or unreadable: not built in as far as can be told
      }
    }
    return false;
  }

  private static String fix(DoctorContext context, Path image) {
    if (image.getFileName().toString().startsWith("booster-")) {
      return "add dm_snapshot (and dm_thin_pool for thin volumes) to modules_force_load in"
          + " /etc/booster.yaml, then rebuild the image";
    }
    if (Files.exists(context.file(MkinitcpioHooksCheck.CONFIG))) {
      return "add lvm2 to HOOKS in " + MkinitcpioHooksCheck.CONFIG + ", then run: mkinitcpio -P";
    }
    return "make the initramfs generator include LVM (dracut: add_dracutmodules+=\" lvm \"), then"
        + " rebuild the image (dracut --regenerate-all --force)";
  }
}
