/**
 * Carrying files over a rollback: a member of the set mounted read-write just before its merge, so
 * that what is written into it comes back with the system it belongs to; the evidence of each
 * rollback is the first thing carried.
 */
package safeup.core.carry;
