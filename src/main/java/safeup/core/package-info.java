/**
 * The machine safeup works on and what every room of the core shares: the snapshot set as LVM
 * records it (its tags and state), exit codes and refusals, the page cache's flush and the journal.
 */
package safeup.core;
