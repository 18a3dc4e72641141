/**
 * pacman as safeup sees it: its arguments, paths, log, local database, lock, and what a transaction
 * will write.
 */
package safeup.pacman;
