package safeup.pacman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import safeup.testing.RecordingProcessGateway;

class PacmanPathsResolverTest {
  @Test
  void asksPacmanConfWithTheUsersConfigAndRoot() {
    RecordingProcessGateway gateway =
        new RecordingProcessGateway()
            .answer(
                List.of("pacman-conf"),
                0,
                "DBPath = /mnt/var/lib/pacman/\nLogFile = /mnt/var/log/pacman.log\n",
                "");
    PacmanPaths paths =
        new PacmanPathsResolver(gateway)
            .resolve(PacmanInvocation.of(List.of("--root", "/mnt", "--config", "/p.conf", "-Syu")));
    assertEquals(
        List.of(
            "pacman-conf", "--verbose", "--config=/p.conf", "--rootdir=/mnt", "DBPath", "LogFile"),
        gateway.calls().get(0));
    assertEquals(Path.of("/mnt/var/lib/pacman/db.lck"), paths.lockFile());
    assertEquals(Path.of("/mnt/var/log/pacman.log"), paths.logFile());
    assertEquals(Path.of("/mnt"), paths.root());
  }

  @Test
  void commandLineWinsOverConfigAndSysrootPrefixesEverything() {
    RecordingProcessGateway gateway =
        new RecordingProcessGateway()
            .answer(
                List.of("pacman-conf"),
                0,
                "DBPath = /var/lib/pacman/\nLogFile = /var/log/pacman.log\n",
                "");
    PacmanPaths paths =
        new PacmanPathsResolver(gateway)
            .resolve(
                PacmanInvocation.of(List.of("--sysroot", "/s", "--logfile", "/tmp/p.log", "-Syu")));
    assertEquals("--config=/s/etc/pacman.conf", gateway.calls().get(0).get(2));
    assertEquals(Path.of("/s/tmp/p.log"), paths.logFile());
    assertEquals(Path.of("/s/var/lib/pacman"), paths.dbPath());
  }

  @Test
  void whenPacmanConfFailsUsesPacmansDefaultsUnderTheRoot() {
    RecordingProcessGateway gateway =
        new RecordingProcessGateway().answer(List.of("pacman-conf"), 1, "", "error parsing");
    PacmanPaths paths =
        new PacmanPathsResolver(gateway)
            .resolve(PacmanInvocation.of(List.of("-r", "/mnt", "-Syu")));
    assertEquals(Path.of("/mnt/var/lib/pacman"), paths.dbPath());
    assertEquals(Path.of("/mnt/var/log/pacman.log"), paths.logFile());
  }

  @Test
  void eachPacmanConfIsAskedOnceInARun() {
    RecordingProcessGateway gateway =
        new RecordingProcessGateway()
            .answer(
                List.of("pacman-conf"),
                0,
                "DBPath = /var/lib/pacman/\nLogFile = /var/log/pacman.log\n",
                "");
    PacmanPathsResolver resolver = new PacmanPathsResolver(gateway);
    PacmanPaths update = resolver.resolve(PacmanInvocation.of(List.of("-Syu")));
    PacmanPaths keep = resolver.resolve(PacmanInvocation.of(List.of()));
    PacmanPaths other = resolver.resolve(PacmanInvocation.of(List.of("--config", "/p.conf")));
    assertEquals(update, keep);
    assertEquals(Path.of("/var/log/pacman.log"), other.logFile());
    assertEquals(
        List.of("--config=/etc/pacman.conf", "--config=/p.conf"),
        gateway.calls().stream().map(argv -> argv.get(2)).toList());
  }
}
