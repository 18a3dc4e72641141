/** safeup's output in pacman's look, colour when it should be, progress bars and JLine prompts. */
package safeup.console;
