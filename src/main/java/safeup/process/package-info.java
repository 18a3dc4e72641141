/**
 * The one door for programs: every process safeup starts, as an argv list; real, or printed in a
 * dry run.
 */
package safeup.process;
