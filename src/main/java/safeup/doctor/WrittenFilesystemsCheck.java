package safeup.doctor;

import java.util.ArrayList;
import java.util.List;
import safeup.core.set.PacmanFilesystems.Written;

/**
 * The other filesystems pacman writes to (a separate /var, /opt, /srv) are in the set, or left out
 * on purpose; any other makes an update refuse.
 */
final class WrittenFilesystemsCheck implements Check {
  @Override
  public String name() {
    return "other filesystems";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Written w : context.writtenFilesystems()) {
      String what = w.mount().mountPoint() + " (" + w.mount().source() + ")";
      switch (w.protection()) {
        case IN_SET ->
            findings.add(
                Finding.pass(
                    name(), what + " is on " + w.volume().orElseThrow().name() + ": in every set"));
        case COPIED -> {} // the /boot check says how
        case UNPROTECTED ->
            findings.add(
                Finding.warn(
                    name(),
                    what + " is listed in Unprotected: a rollback leaves it as the update left it",
                    ""));
        case NONE ->
            findings.add(
                Finding.fail(
                    name(),
                    what
                        + ", "
                        + w.mount().fsType()
                        + ", is written by pacman but not on LVM: updates are refused, as a"
                        + " rollback could not bring it back",
                    "move it onto LVM, or add 'Unprotected = "
                        + w.mount().mountPoint()
                        + "' to "
                        + context.configFile()));
      }
    }
    if (findings.isEmpty()) {
      findings.add(
          Finding.pass(
              name(), "pacman writes to no filesystem outside the set besides /boot and /efi"));
    }
    return findings;
  }
}
