package safeup.core.mount;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code safeup backup} compresses its tar archive, told by the file name's ending: {@code
 * .tar.zst}, {@code .tar.gz}, {@code .tar.xz} or {@code .tar}; zstd when the name says nothing.
 */
enum ArchiveFormat {
  ZSTD("--zstd", ".tar.zst", ".tzst"),
  GZIP("--gzip", ".tar.gz", ".tgz"),
  XZ("--xz", ".tar.xz", ".txz"),
  PLAIN(null, ".tar");

  private final String tarOption;
  private final List<String> endings;

  ArchiveFormat(String tarOption, String... endings) {
    this.tarOption = tarOption;
    this.endings = List.of(endings);
  }

  /** The format {@code file}'s name asks for; zstd when it has no known ending. */
  public static ArchiveFormat of(Path file) {
    String name = file.getFileName().toString();
    for (ArchiveFormat format : values()) {
      if (format.endings.stream().anyMatch(name::endsWith)) {
        return format;
      }
    }
    return ZSTD;
  }

  /** GNU tar's option for the compressor, if there is one. */
  public Optional<String> tarOption() {
    return Optional.ofNullable(tarOption);
  }
}
