package safeup.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real gateway's piped programs, with small host programs standing in for tar. */
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
}
