/**
 * Differential testing: {@link org.jpuffs.testkit.differential.DifferentialRun#run} drives one
 * seeded random sequence of operations on the directory under test and on a reference (tmpfs),
 * compares every step's outcome and the final trees, and leaves out what may legitimately differ
 * ({@link org.jpuffs.testkit.differential.DifferentialRun#NORMALISED}). Its {@code main} is the
 * long soak.
 */
package org.jpuffs.testkit.differential;
