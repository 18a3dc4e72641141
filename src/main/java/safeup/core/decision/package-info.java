/**
 * Keeping an update and rolling it back: choosing and showing the set, the question, the rollback
 * step by step, the status of each set, and rollbacks found finished after their reboot.
 */
package safeup.core.decision;
