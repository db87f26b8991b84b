package org.entryguard.core.testing.idiomfixture;

/** Breaks the one config idiom on purpose, for {@code BoundariesSelfTest}. */
public final class OldStyle {
    private OldStyle() {
    }

    public static Builder builder() { return new Builder(); }

    public static OldStyle defaults() { return new OldStyle(); }

    public static OldStyle bundled() { return new OldStyle(); }

    public static Builder device(int index) { return new Builder(); }

    public Builder toBuilder() { return new Builder(); }

    /** Public constructor and no build(). */
    public static final class Builder {
        public Builder() {
        }

        public OldStyle open() { return new OldStyle(); }
    }
}
