package safeup.cli;

/**
 * A command that may make, remove or merge snapshot sets, or that lists them: once it has run, the
 * list of set ids the shell completions read is made anew (see {@link safeup.core.SetIdList}).
 */
interface ChangesSets {}
