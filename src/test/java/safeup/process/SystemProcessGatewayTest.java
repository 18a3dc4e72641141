package safeup.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real gateway's piped and fed programs, with small host programs standing in for tar. */
class SystemProcessGatewayTest {
  private final SystemProcessGateway gateway = new SystemProcessGateway();

  @Test
  void pipedCopiesStandardOutputAsBytesAndHandsOnStandardErrorLines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> err = Collections.synchronizedList(new ArrayList<>());
    int code =
        gateway.piped(
            List.of("sh", "-c", "head -c 300000 /dev/zero; echo one >&2; echo two >&2; exit 3"),
            out,
            err::add);
    assertEquals(3, code);
    assertEquals(300000, out.size());
    assertEquals(List.of("one", "two"), err);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFailingDestinationStopsThePipedProgramAndIsThrown() {
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            write(0);
          }
        };
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> gateway.piped(List.of("cat", "/dev/zero"), full, line -> {}));
    assertEquals("No space left on device", e.getCause().getMessage());
  }

  @Test
  void aFedPipelineReadsWhatIsWrittenAndItsLinesAreHandedOn() throws IOException {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    try (FedProcess sort =
        gateway.fed(List.of(List.of("tr", "a-z", "A-Z"), List.of("sort")), out::add, line -> {})) {
      sort.input().write("b\nc\na\n".getBytes(StandardCharsets.UTF_8));
      assertEquals(0, sort.finish());
    }
    assertEquals(List.of("A", "B", "C"), out, "through both programs of the pipeline");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void closingAFedProgramThatWasNotFinishedStopsIt() {
    ProcessHandle[] cat = new ProcessHandle[1];
    try (FedProcess fed = gateway.fed(List.of(List.of("cat")), line -> {}, line -> {})) {
      cat[0] =
          ProcessHandle.current()
              .children()
              .filter(p -> p.info().command().orElse("").endsWith("/cat"))
              .findFirst()
              .orElseThrow();
    }
    assertTrue(!cat[0].isAlive(), "cat, which would wait for input forever, has ended");
  }

  @Test
  void aFedProgramThatEndsEarlyMakesWritingFail() {
    try (FedProcess fed = gateway.fed(List.of(List.of("true")), line -> {}, line -> {})) {
      byte[] chunk = new byte[1 << 16];
      assertThrows(
          IOException.class,
          () -> {
            for (int i = 0; i < 1000; i++) {
              fed.input().write(chunk);
              fed.input().flush();
            }
          });
      assertEquals(0, fed.finish());
    }
  }
}
