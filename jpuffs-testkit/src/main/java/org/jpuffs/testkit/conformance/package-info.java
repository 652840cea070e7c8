/**
 * The POSIX conformance suite every file server runs: {@link
 * org.jpuffs.testkit.conformance.PosixConformance} (subclass it, supply the root directory and the
 * {@link org.jpuffs.testkit.conformance.Capabilities}), built from check groups ({@code FileChecks},
 * {@code DirectoryChecks}, {@code LinkChecks}, {@code RenameChecks}, {@code TimeChecks},
 * {@code OwnershipChecks}, {@code PermissionChecks}, {@code XattrChecks}, {@code LockChecks},
 * {@code StatfsChecks}, {@code CoreutilsChecks}).
 *
 * <p>The reference is tmpfs: every check passes there (and, with its capabilities, on ext4).
 * The suite runs as root; permission checks go through {@link
 * org.jpuffs.testkit.conformance.UnprivilegedCaller}, a child JVM running as the user
 * {@code jpuffs-test} without capabilities, and each denial sits beside a positive control.
 * Select the suite alone with {@code -Dgroups=posix-conformance}.
 */
package org.jpuffs.testkit.conformance;
