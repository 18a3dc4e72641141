package safeup.cli;

import java.util.List;
import safeup.console.Console;
import safeup.doctor.Finding;
import safeup.doctor.Verdict;

/** {@code safeup doctor} for people: one line per finding, what to do beneath. */
final class DoctorText {
  private DoctorText() {}

  static void print(List<Finding> findings, Console console) {
    console.step("Checking whether safeup can protect this system...");
    for (Finding finding : findings) {
      String line = finding.check() + ": " + finding.message();
      switch (finding.verdict()) {
        case PASS -> console.passed(line);
        case WARN -> console.warned(line);
        case FAIL -> console.failed(line);
      }
      if (!finding.fix().isEmpty()) {
        console.line("        fix: " + finding.fix());
      }
    }
    long failed = findings.stream().filter(f -> f.verdict() == Verdict.FAIL).count();
    long warned = findings.stream().filter(f -> f.verdict() == Verdict.WARN).count();
    String warnings = warned + (warned == 1 ? " warning" : " warnings");
    if (failed > 0) {
      console.error(
          failed
              + (failed == 1 ? " check failed" : " checks failed")
              + " and "
              + warnings
              + ": safeup cannot protect this system as it is");
    } else {
      console.success("No check failed (" + warnings + ")");
    }
  }
}
