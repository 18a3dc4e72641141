package safeup.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import safeup.process.FedProcess;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * A {@link ProcessGateway} that records every argv and answers from a script: the first rule whose
 * argv prefix matches longest decides the result. Unscripted commands succeed with no output.
 */
public final class RecordingProcessGateway implements ProcessGateway {
  private final Map<List<String>, Function<List<String>, ProcessResult>> rules =
      new LinkedHashMap<>();
  private final List<List<String>> calls = new ArrayList<>();
  private final List<List<String>> changes = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();
  private final Map<List<String>, String> fedInputs = new LinkedHashMap<>();
  private final List<Map.Entry<List<String>, String>> everyFedInput = new ArrayList<>();
  private Function<List<String>, Integer> attached = argv -> 0;

  /** Answers commands starting with {@code prefix}. */
  public RecordingProcessGateway on(
      List<String> prefix, Function<List<String>, ProcessResult> rule) {
    rules.put(prefix, rule);
    return this;
  }

  public RecordingProcessGateway answer(
      List<String> prefix, int code, String stdout, String stderr) {
    return on(prefix, argv -> new ProcessResult(argv, code, stdout, stderr));
  }

  /** Makes {@code program} missing, as if not installed. */
  public RecordingProcessGateway without(String program) {
    missing.add(program);
    return this;
  }

  /** What "running" an attached program (pacman) does; returns its exit code. */
  public RecordingProcessGateway onAttached(Function<List<String>, Integer> behaviour) {
    this.attached = behaviour;
    return this;
  }

  public List<List<String>> calls() {
    return calls;
  }

  /** The recorded calls whose program is {@code program}. */
  public List<List<String>> calls(String program) {
    return calls.stream().filter(argv -> argv.get(0).equals(program)).toList();
  }

  /** The position of the first call of {@code program} at or after {@code from}; -1 if none. */
  public int indexOf(String program, int from) {
    for (int i = Math.max(0, from); i < calls.size(); i++) {
      if (calls.get(i).get(0).equals(program)) {
        return i;
      }
    }
    return -1;
  }

  public int indexOf(String program) {
    return indexOf(program, 0);
  }

  @Override
  public ProcessResult query(List<String> argv) {
    return run(argv);
  }

  @Override
  public ProcessResult change(List<String> argv) {
    changes.add(List.copyOf(argv));
    return run(argv);
  }

  /** The calls made as changes (every kind but {@link #query}), in order. */
  public List<List<String>> changes() {
    return changes;
  }

  /**
   * Runs the script's rule for {@code argv} and hands its output to the consumers line by line;
   * returns its exit code.
   */
  @Override
  public int streamed(
      List<String> argv,
      java.util.function.Consumer<String> stdout,
      java.util.function.Consumer<String> stderr) {
    changes.add(List.copyOf(argv));
    ProcessResult result = run(argv);
    result.stdout().lines().forEach(stdout);
    result.stderr().lines().forEach(stderr);
    return result.exitCode();
  }

  /**
   * Runs the script's rule for {@code argv}: its standard output is written to {@code stdout} as
   * bytes, its standard error handed on line by line; returns its exit code.
   */
  @Override
  public int piped(
      List<String> argv, OutputStream stdout, java.util.function.Consumer<String> stderr) {
    changes.add(List.copyOf(argv));
    ProcessResult result = run(argv);
    try {
      stdout.write(result.stdout().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    result.stderr().lines().forEach(stderr);
    return result.exitCode();
  }

  /**
   * Records each program of {@code pipeline} and keeps what is written to its input (see {@link
   * #fedInput}); the script's rule for the last program answers for the pipeline when it is
   * finished.
   */
  @Override
  public FedProcess fed(
      List<List<String>> pipeline,
      java.util.function.Consumer<String> stdout,
      java.util.function.Consumer<String> stderr) {
    pipeline.forEach(this::record);
    pipeline.forEach(argv -> changes.add(List.copyOf(argv)));
    List<String> copy = List.copyOf(pipeline.get(pipeline.size() - 1));
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    return new FedProcess() {
      @Override
      public OutputStream input() {
        return input;
      }

      @Override
      public int finish() {
        fedInputs.put(copy, input.toString(StandardCharsets.UTF_8));
        everyFedInput.add(Map.entry(copy, input.toString(StandardCharsets.UTF_8)));
        ProcessResult result = answer(copy);
        result.stdout().lines().forEach(stdout);
        result.stderr().lines().forEach(stderr);
        return result.exitCode();
      }

      @Override
      public void close() {}
    };
  }

  /** What was written to the input of the fed pipeline ending in {@code argv}, once it finished. */
  public String fedInput(List<String> argv) {
    return fedInputs.get(argv);
  }

  /** What was written to each fed pipeline ending in {@code argv}, in order. */
  public List<String> fedInputs(List<String> argv) {
    return everyFedInput.stream()
        .filter(e -> e.getKey().equals(argv))
        .map(Map.Entry::getValue)
        .toList();
  }

  @Override
  public int attached(List<String> argv) {
    changes.add(List.copyOf(argv));
    record(argv);
    return attached.apply(argv);
  }

  private ProcessResult run(List<String> argv) {
    record(argv);
    return answer(argv);
  }

  /** The rule with the longest prefix of {@code argv} answers (the first such, on a tie). */
  private ProcessResult answer(List<String> argv) {
    Function<List<String>, ProcessResult> chosen = null;
    int longest = -1;
    for (Map.Entry<List<String>, Function<List<String>, ProcessResult>> rule : rules.entrySet()) {
      List<String> prefix = rule.getKey();
      if (argv.size() >= prefix.size()
          && argv.subList(0, prefix.size()).equals(prefix)
          && prefix.size() > longest) {
        chosen = rule.getValue();
        longest = prefix.size();
      }
    }
    return chosen == null ? new ProcessResult(argv, 0, "", "") : chosen.apply(argv);
  }

  private void record(List<String> argv) {
    calls.add(List.copyOf(argv));
    if (missing.contains(argv.get(0))) {
      throw new ProgramNotFoundException(argv.get(0));
    }
  }
}
