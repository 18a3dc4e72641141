/**
 * safeup doctor: each check of whether safeup can protect this system, with what to do when it
 * cannot.
 */
package safeup.doctor;
