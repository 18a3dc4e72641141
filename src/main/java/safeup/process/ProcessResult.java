package safeup.process;

import java.util.List;

/** What a finished program left behind: its argv, exit code and captured output. */
public record ProcessResult(List<String> argv, int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The last non-blank line of stderr (or stdout), for an error message. */
  public String lastMessage() {
    String text = stderr.isBlank() ? stdout : stderr;
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
