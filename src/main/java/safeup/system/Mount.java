package safeup.system;

/**
 * One line of {@code /proc/self/mountinfo}.
 *
 * @param major device major number of the mounted filesystem
 * @param minor device minor number
 * @param mountPoint where it is mounted
 * @param source what was mounted, for example {@code /dev/mapper/vg0-root}
 */
public record Mount(long major, long minor, String mountPoint, String fsType, String source) {}
