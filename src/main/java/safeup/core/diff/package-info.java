/**
 * What a rollback undoes: each member of a set mounted read-only beside its live volume, the two
 * trees compared by their metadata (and contents, when asked), and every change put in the group a
 * user thinks of it in: the update's packages, configuration, files changed by hand, data, and logs
 * and caches summarised.
 */
package safeup.core.diff;
