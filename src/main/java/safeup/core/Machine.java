package safeup.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import safeup.lvm.Lvm;
import safeup.process.ProcessGateway;
import safeup.system.Host;
import safeup.system.MountTable;
import safeup.system.Signals;

/**
 * The machine safeup works on, as the core sees it: every way out to the system in one place, so
 * that tests can give fakes.
 *
 * @param trail safeup's entries in the journal; {@link AuditTrail#off()} in a dry run
 */
public record Machine(
    ProcessGateway processes,
    Lvm lvm,
    Host host,
    Supplier<MountTable> mounts,
    Path runLock,
    Clock clock,
    Signals signals,
    AuditTrail trail) {}
