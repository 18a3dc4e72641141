package safeup.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code safeup backup} compresses its tar archive, told by the file name's ending: {@code
 * .tar.zst}, {@code .tar.gz}, {@code .tar.xz} or {@code .tar}; zstd when the name says nothing.
 */
public enum ArchiveFormat {
  ZSTD("--zstd", "zstd", ".tar.zst", ".tzst"),
  GZIP("--gzip", "gzip", ".tar.gz", ".tgz"),
  XZ("--xz", "xz", ".tar.xz", ".txz"),
  PLAIN(null, null, ".tar");

  private final String tarOption;
  private final String compressor;
  private final List<String> endings;

  ArchiveFormat(String tarOption, String compressor, String... endings) {
    this.tarOption = tarOption;
    this.compressor = compressor;
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

  /**
   * The compressor's argv that decompresses its standard input to its standard output, if there is
   * a compressor: what tar runs for the same option, without tar in between.
   */
  public Optional<List<String>> decompressor() {
    return Optional.ofNullable(compressor).map(program -> List.of(program, "-d", "-c"));
  }

  /** GNU tar's option for the compressor, if there is one. */
  public Optional<String> tarOption() {
    return Optional.ofNullable(tarOption);
  }
}
