/**
 * The command line: one thin picocli command per safeup command, its manners, failures and exit
 * codes, and the wiring of the real machine (a dry run is chosen here and nowhere else).
 */
package safeup.cli;
