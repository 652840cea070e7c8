package org.jpuffs.path;

import java.util.Objects;
import org.jpuffs.Attributes;
import org.jpuffs.Opened;

/**
 * The answer of {@link PathFileServer#create}: the new file's attributes and its open.
 *
 * @param attributes the new file's attributes
 * @param opened the open of it (its handle comes back on every op through this open)
 */
public record PathCreated(Attributes attributes, Opened opened) {
    /**
     * Checks that both parts are present.
     *
     * @param attributes the attributes
     * @param opened the open
     */
    public PathCreated {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(opened, "opened");
    }
}
