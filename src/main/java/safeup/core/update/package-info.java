/**
 * The update: pacman (or a front end) run under one set, what it changed, the report, and the
 * decision carried out.
 */
package safeup.core.update;
