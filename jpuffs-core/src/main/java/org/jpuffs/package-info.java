/**
 * The file-server API: the one package a file-system author imports.
 *
 * <p>(The primer — cookies, lookup counts and reclaim, TTLs, interrupts, threading, and the deadlock
 * of a JVM that touches its own mount — is being written.)
 */
package org.jpuffs;
