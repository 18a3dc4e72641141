/**
 * Looking into a set: mounted read-only where its origins are, unmounted from the record of what
 * was done, and backed up to a checked archive.
 */
package safeup.core.mount;
