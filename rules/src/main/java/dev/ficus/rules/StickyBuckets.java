package dev.ficus.rules;

/**
 * Maps a stickiness key to one of {@value #COUNT} buckets with 32-bit MurmurHash3, seeded by the route id.
 *
 * <p>Seeding by route keeps the cohorts of different routes independent: the 25 % of users who see the new
 * {@code /survey} are not by construction the same 25 % who see the new {@code /auth}. A key's bucket never changes,
 * so a user below the threshold stays below it as the weight rises (monotonic cohorts).
 */
public final class StickyBuckets {

    /** Number of buckets: one weight point is 100 buckets, so weights could later take two decimals. */
    public static final int COUNT = 10_000;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private StickyBuckets() {
    }

    /** The seed for a route: the hash of its id. */
    public static int seed(String routeId) {
        return murmur3(0, routeId);
    }

    /** The bucket of {@code key} on the route with {@code seed}, in {@code [0, COUNT)}. Allocates nothing. */
    public static int bucket(int seed, CharSequence key) {
        return Integer.remainderUnsigned(murmur3(seed, key), COUNT);
    }

    /** MurmurHash3 x86 32-bit over the UTF-16 code units of {@code text}, two units per block. */
    static int murmur3(int seed, CharSequence text) {
        int h = seed;
        int length = text.length();
        int i = 1;
        for (; i < length; i += 2) {
            int k = text.charAt(i - 1) | (text.charAt(i) << 16);
            h = mixH(h, mixK(k));
        }
        if ((length & 1) == 1) {
            h ^= mixK(text.charAt(length - 1));
        }
        return fmix(h ^ (length * 2));
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
