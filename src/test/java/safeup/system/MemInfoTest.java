package safeup.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemInfoTest {
  @Test
  void dirtyAndWritebackAreWhatASyncWrites() {
    List<String> lines =
        List.of(
            "MemTotal:        1530000 kB",
            "Dirty:              2048 kB",
            "Writeback:           512 kB",
            "WritebackTmp:        100 kB");
    assertEquals(2560L * 1024, MemInfo.unwrittenBytes(lines));
  }

  @Test
  void missingFieldsCountAsNothing() {
    assertEquals(0, MemInfo.unwrittenBytes(List.of("MemTotal: 1 kB", "Dirty: x kB")));
  }
}
