package safeup.core.set;

import safeup.lvm.LogicalVolume;
import safeup.lvm.SnapshotSize;

/**
 * One snapshot that is about to be made.
 *
 * @param size the thick snapshot's size, or null for a thin snapshot
 * @param bytes the space a thick snapshot takes in its volume group; 0 for thin
 */
public record PlannedSnapshot(LogicalVolume origin, String name, SnapshotSize size, long bytes) {}
