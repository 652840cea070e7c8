package org.jpuffs;

/**
 * One directory entry handed to a {@link DirSink}.
 *
 * @param name the entry's name ({@code "."} and {@code ".."} included where the server lists them)
 * @param type the entry's type
 * @param ino the inode number shown in {@code d_ino}; 0 lets jpuffs fill in a non-zero value
 * @param nextOffset the offset at which listing resumes after this entry (FUSE's {@code off});
 *     must be non-zero and must stay valid while the directory changes
 */
public record DirEntry(FileName name, FileType type, long ino, long nextOffset) {
}
