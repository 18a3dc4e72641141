/**
 * /boot kept with the kernel and the boot menu: the copy of /boot taken before a set and put back
 * by its rollback, the boot-time units, GRUB's script and its pending mark.
 */
package safeup.core.boot;
