/**
 * What runs with nobody to ask: the pacman hooks' guard and set, the set taken at boot, and the
 * rollback chosen in the boot menu.
 */
package safeup.core.unattended;
