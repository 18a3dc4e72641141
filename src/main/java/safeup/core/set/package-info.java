/**
 * A snapshot set's life in LVM: planned (which volumes, how large), taken all or nothing, watched
 * and grown while pacman runs, and removed; and the completions' list of set ids.
 */
package safeup.core.set;
