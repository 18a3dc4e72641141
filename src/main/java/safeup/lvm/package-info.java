/**
 * LVM behind one interface: lvs parsed from JSON, lvcreate, lvremove and lvconvert as argv lists,
 * and LVM's rules for names and sizes.
 */
package safeup.lvm;
