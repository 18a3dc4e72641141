/**
 * Facts about the running system that checks depend on: root, machine-id, mounts, page cache,
 * signals.
 */
package safeup.system;
