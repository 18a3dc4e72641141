package safeup.sandbox;

/** Shell snippets that run a command on a pseudo-terminal with expect(1) and answer its prompts. */
final class Expect {

  private Expect() {}

  /**
   * An expect(1) program, as a shell here-document, that spawns {@code command} on a terminal and
   * answers each prompt, half a second after it (as a person would: pacman discards what was typed
   * before it reads), in pairs: the text to wait for, then what to type (expect's escapes, e.g.
   * {@code \\003} for Ctrl-C). It exits with the command's status, 90 when a prompt did not come
   * within 60 s and 91 when the command ended before it.
   */
  static String dialogue(String command, String... dialogue) {
    StringBuilder program = new StringBuilder();
    program.append("set timeout 60\nset stty_init \"rows 40 columns 120\"\n");
    program.append("spawn env TERM=xterm ").append(command).append("\n");
    for (int i = 0; i < dialogue.length; i += 2) {
      program
          .append("expect {\n  timeout { exit 90 }\n  eof { exit 91 }\n  \"")
          .append(dialogue[i])
          .append("\"\n}\nsleep 0.5\nsend \"")
          .append(dialogue[i + 1])
          .append("\"\n");
    }
    program.append("expect eof\nlassign [wait] pid spawnid os_error code\nexit $code\n");
    return "expect <<'EXPECT'\n" + program + "EXPECT\n";
  }

  /** Like {@link #dialogue}, each answer followed by Enter. */
  static String answers(String command, String... dialogue) {
    String[] typed = dialogue.clone();
    for (int i = 1; i < typed.length; i += 2) {
      typed[i] = typed[i] + "\\r";
    }
    return dialogue(command, typed);
  }
}
