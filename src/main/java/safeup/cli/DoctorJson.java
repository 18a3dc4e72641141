package safeup.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.doctor.Finding;
import safeup.doctor.Verdict;

/**
 * {@code safeup doctor --json}: {@code {"result": "pass|warn|fail", "checks": [{"check", "status",
 * "message", "fix"}]}}; safeup(8) describes the fields.
 */
final class DoctorJson {
  private DoctorJson() {}

  static String render(List<Finding> findings) {
    Verdict worst = Verdict.PASS;
    List<Object> checks = new ArrayList<>();
    for (Finding finding : findings) {
      if (finding.verdict().compareTo(worst) > 0) {
        worst = finding.verdict();
      }
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("check", finding.check());
      check.put("status", finding.verdict().key());
      check.put("message", finding.message());
      check.put("fix", finding.fix().isEmpty() ? null : finding.fix());
      checks.add(check);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", worst.key());
    out.put("checks", checks);
    try {
      return JSON.std
          .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
          .asString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
