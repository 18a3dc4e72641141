/**
 * Trial boots: while a set is pending, every boot is a trial that either completes with its health
 * checks passing or fails; after {@code TrialBoots} failures the next boot rolls the set back.
 */
package safeup.core.trial;
