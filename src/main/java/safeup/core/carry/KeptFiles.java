package safeup.core.carry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * Files the user keeps over a rollback ({@code safeup rollback --keep PATH}): copied as they are
 * now into the snapshot of the volume that holds them, just before its merge, with {@code cp -a}
 * (owner, mode, times, ACLs and extended attributes), replacing what the snapshot had there; after
 * the merge they are as they were just before the rollback. Which paths may be kept is decided
 * before (see safeup's decision); a path that cannot be carried refuses the rollback, as nothing is
 * merged yet.
 */
public final class KeptFiles {
  private final Machine machine;
  private final Console console;

  public KeptFiles(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** The member of {@code set} that holds {@code path}, with its origin's mount. */
  public record Holder(LogicalVolume member, Mount mount) {}

  /** The member of {@code set} whose origin holds {@code path} now; none when no member does. */
  public static java.util.Optional<Holder> holder(
      Machine machine, SnapshotSet set, Path path, List<LogicalVolume> volumes) {
    MountTable mounts = machine.mounts().get();
    return mounts
        .holding(path)
        .flatMap(
            mount ->
                RollbackEvidence.memberUnder(set, mount, volumes).map(m -> new Holder(m, mount)));
  }

  /** Copies {@code paths} into their snapshots, and returns the set as LVM shows it now. */
  public SnapshotSet carry(SnapshotSet set, List<Path> paths) {
    if (paths.isEmpty()) {
      return set;
    }
    List<LogicalVolume> volumes = machine.listVolumes();
    Map<Holder, List<Path>> byMember = new LinkedHashMap<>();
    for (Path path : paths) {
      Holder holder =
          holder(machine, set, path, volumes)
              .orElseThrow(() -> refused(path + " is on no volume of the set"));
      if (Path.of(holder.mount().mountPoint()).equals(path)) {
        throw refused(
            path
                + " is all of "
                + SnapshotSet.originOf(holder.member())
                + ": keeping it whole is keeping the update on it");
      }
      byMember.computeIfAbsent(holder, h -> new ArrayList<>()).add(path);
    }
    byMember.forEach(this::carryInto);
    return machine.ourSets().stream().filter(s -> s.id().equals(set.id())).findFirst().orElse(set);
  }

  private void carryInto(Holder holder, List<Path> paths) {
    // As LVM shows it now: the evidence may have been written into it since it was listed.
    SnapshotSet set =
        machine.ourSets().stream()
            .filter(
                s ->
                    s.snapshots().stream().anyMatch(lv -> lv.name().equals(holder.member().name())))
            .findFirst()
            .orElseThrow(() -> refused(holder.member().name() + " is gone"));
    LogicalVolume member =
        set.snapshots().stream()
            .filter(lv -> lv.name().equals(holder.member().name()))
            .findFirst()
            .orElseThrow();
    long size = paths.stream().mapToLong(this::size).sum();
    try (WritableSnapshot snapshot =
        WritableSnapshot.open(machine, console, set, member, holder.mount().fsType(), size)) {
      for (Path path : paths) {
        Path target =
            snapshot
                .root()
                .resolve(Path.of(holder.mount().mountPoint()).relativize(path).toString());
        copy(path, target);
        console.detail(path + " kept: copied into " + holder.member().name());
      }
    } catch (SafeupException e) {
      throw refused("cannot keep " + paths.get(0) + ": " + e.getMessage());
    }
  }

  /** Replaces {@code target} in the snapshot with the live {@code path}. */
  private void copy(Path path, Path target) {
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        machine.files().deleteTree(target);
      }
      machine.files().createDirectories(target.getParent());
    } catch (IOException e) {
      throw refused("cannot make room for " + path + " in the snapshot: " + e.getMessage());
    }
    ProcessResult cp;
    try {
      cp =
          machine
              .processes()
              .change(
                  List.of(
                      "cp",
                      "-a",
                      "--no-target-directory",
                      "--",
                      machine.host().onDisk(path).toString(),
                      target.toString()));
    } catch (ProgramNotFoundException e) {
      throw refused(e.getMessage() + "; install coreutils");
    }
    if (!cp.succeeded()) {
      throw refused("cannot copy " + path + " into the snapshot: " + cp.lastMessage());
    }
  }

  /** The bytes {@code path} holds, with everything under it. */
  private long size(Path path) {
    try (Stream<Path> all = Files.walk(machine.host().onDisk(path))) {
      return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      throw refused("cannot read " + path + ": " + e.getMessage());
    }
  }

  private static SafeupException refused(String why) {
    return new SafeupException(ExitCode.ROLLBACK_REFUSED, why + "; nothing was merged");
  }
}
