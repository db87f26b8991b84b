package org.entryguard.core.testing.idiomfixture;

/** Follows the one config idiom, for {@code BoundariesSelfTest}. */
public final class NewStyle {
    private NewStyle() {
    }

    public static Builder custom() { return new Builder(); }

    public static Builder from(NewStyle existing) { return new Builder(); }

    public static NewStyle ofDefaults() { return custom().build(); }

    public static NewStyle of(int value) { return new NewStyle(); }

    public static final class Builder {
        private Builder() {
        }

        public NewStyle build() { return new NewStyle(); }
    }
}
