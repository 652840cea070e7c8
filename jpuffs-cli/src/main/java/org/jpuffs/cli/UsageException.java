package org.jpuffs.cli;

/** A mistake in how the command was called or what it was pointed at: one line for the user, exit 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
