package dev.ficus.rules;

/**
 * The outcome of a traffic decision: a side and the basis it was chosen on.
 *
 * <p>An enum of every combination, so that deciding allocates nothing on the request path.
 */
public enum Decision {
    LEGACY_FIXED(Side.LEGACY, Basis.FIXED),
    MODERN_FIXED(Side.MODERN, Basis.FIXED),
    LEGACY_STICKY(Side.LEGACY, Basis.STICKY),
    MODERN_STICKY(Side.MODERN, Basis.STICKY),
    LEGACY_RANDOM(Side.LEGACY, Basis.RANDOM),
    MODERN_RANDOM(Side.MODERN, Basis.RANDOM),
    LEGACY_OVERRIDE(Side.LEGACY, Basis.OVERRIDE),
    MODERN_OVERRIDE(Side.MODERN, Basis.OVERRIDE);

    private final Side side;
    private final Basis basis;

    Decision(Side side, Basis basis) {
        this.side = side;
        this.basis = basis;
    }

    public Side side() {
        return side;
    }

    public Basis basis() {
        return basis;
    }

    /** The decision for {@code side} made on {@code basis}. */
    public static Decision of(Side side, Basis basis) {
        return switch (basis) {
            case FIXED -> side == Side.MODERN ? MODERN_FIXED : LEGACY_FIXED;
            case STICKY -> side == Side.MODERN ? MODERN_STICKY : LEGACY_STICKY;
            case RANDOM -> side == Side.MODERN ? MODERN_RANDOM : LEGACY_RANDOM;
            case OVERRIDE -> side == Side.MODERN ? MODERN_OVERRIDE : LEGACY_OVERRIDE;
        };
    }
}
