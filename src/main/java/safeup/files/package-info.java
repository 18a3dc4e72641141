/**
 * The one door for files: every file and directory safeup writes, renames or removes, the run lock,
 * and the scratch directories of read-only probes; real, or printed in a dry run.
 */
package safeup.files;
