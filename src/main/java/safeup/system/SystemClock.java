package safeup.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system's clock in the system's time zone, which it looks up only when a time is shown or
 * named: that lookup reads the zone database, and cost a run that shows no time ({@code safeup
 * status} with nothing pending) more than the rest of its start.
 */
public final class SystemClock extends Clock {
  private volatile ZoneId zone;

  @Override
  public ZoneId getZone() {
    ZoneId known = zone;
    if (known == null) {
      known = ZoneId.systemDefault();
      zone = known;
    }
    return known;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return Clock.system(other);
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
