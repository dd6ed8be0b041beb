package dev.ficus.routes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A value of the parsed YAML tree together with its location in the file ({@code routes[2] (survey).weight}).
 *
 * <p>The typed readers report a problem at this location and return empty when the value has the wrong type,
 * so callers simply skip what they cannot read and carry on checking the rest of the file.
 *
 * @param location where the value is, for messages
 * @param value what SnakeYAML's safe constructor produced: a {@code Map}, {@code List}, {@code String},
 *        {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean}, ... or {@code null}
 * @param present whether the key was written at all (a written key may still hold {@code null})
 */
record YamlNode(String location, Object value, boolean present) {

    private static final int MAX_SHOWN = 80;

    static YamlNode root(Object value) {
        return new YamlNode("", value, true);
    }

    /** The location of {@code key} inside this node. */
    String at(String key) {
        return location.isEmpty() ? key : location + "." + key;
    }

    /** This node's value as a map with only {@code allowedKeys}; each unknown key is reported with a suggestion. */
    Optional<Fields> fields(Problems problems, String expected, List<String> allowedKeys) {
        return entries(problems, expected).map(entries -> {
            Map<String, YamlNode> known = new LinkedHashMap<>();
            entries.forEach((key, entry) -> {
                if (allowedKeys.contains(key)) {
                    known.put(key, entry);
                }
                else {
                    problems.add(entry.location(), unknownKey(key, allowedKeys));
                }
            });
            return new Fields(this, known);
        });
    }

    /**
     * This node's value as a map with free-form string keys, one node per entry located at
     * {@code location.key}; non-string keys are reported and skipped.
     */
    Optional<Map<String, YamlNode>> entries(Problems problems, String expected) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(location, describe() + " (expected: " + expected + ")");
            return Optional.empty();
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() instanceof String key) {
                entries.put(key, new YamlNode(at(key), entry.getValue(), true));
            }
            else {
                problems.add(at(String.valueOf(entry.getKey())),
                        "key " + show(entry.getKey()) + " (expected: a string key)");
            }
        }
        return Optional.of(entries);
    }

    /** This node's value as a list, one node per item located at {@code location[i]}. */
    Optional<List<YamlNode>> items(Problems problems, String expected) {
        if (!(value instanceof List<?> list)) {
            problems.add(location, describe() + " (expected: " + expected + ")");
            return Optional.empty();
        }
        List<YamlNode> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            items.add(new YamlNode(location + "[" + i + "]", list.get(i), true));
        }
        return Optional.of(items);
    }

    /** This node's value as a non-blank string. */
    Optional<String> string(Problems problems, String expected) {
        if (value instanceof String text && !text.isBlank()) {
            return Optional.of(text);
        }
        problems.add(location, describe() + " (expected: " + expected + ")");
        return Optional.empty();
    }

    /**
     * This node's value as a YAML integer within {@code min..max}; floats, strings and booleans are rejected.
     *
     * @param range the accepted range as shown in messages, e.g. {@code 0..100} or {@code >= 0}
     */
    Optional<Integer> integer(Problems problems, int min, int max, String range) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            problems.add(location, describe() + " (expected: an integer " + range + ")");
            return Optional.empty();
        }
        BigInteger number = new BigInteger(value.toString());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(location, number + " (expected: " + range + ")");
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }

    /** This node's value as a YAML boolean. */
    Optional<Boolean> bool(Problems problems) {
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        problems.add(location, describe() + " (expected: true or false)");
        return Optional.empty();
    }

    /** This node's value as shown in a message, or {@code missing} when its key was not written. */
    String describe() {
        return present ? show(value) : "missing";
    }

    /**
     * A value as shown in a message: strings in quotes (so {@code "25"} is told apart from {@code 25}),
     * collections by kind only (an alias can make them recursive), long text cut short.
     */
    static String show(Object value) {
        if (value == null) {
            return "no value";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof Collection) {
            return "a list";
        }
        if (value instanceof byte[]) {
            return "binary data";
        }
        String text = String.valueOf(value);
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "...";
        }
        return value instanceof String ? '"' + text + '"' : text;
    }

    /** The message for an unknown key, listing the allowed keys and suggesting the nearest one. */
    static String unknownKey(String key, List<String> allowedKeys) {
        StringBuilder message = new StringBuilder("unknown key '").append(key).append("' (expected one of: ")
                .append(String.join(", ", allowedKeys));
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String allowed : allowedKeys) {
            int distance = editDistance(key, allowed);
            if (distance < best) {
                best = distance;
                nearest = allowed;
            }
        }
        // A distance as long as the key itself would "suggest" unrelated short keys (x -> id).
        if (nearest != null && best <= 2 && best < key.length()) {
            message.append("; did you mean '").append(nearest).append("'?");
        }
        return message.append(')').toString();
    }

    /** Levenshtein distance, ignoring case: a wrongly capitalised key ({@code Paths}) is still recognised. */
    static int editDistance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    /**
     * The known keys of a map node. {@link #get} gives a node for every allowed key, with
     * {@link YamlNode#present()} false when the key was not written.
     */
    record Fields(YamlNode owner, Map<String, YamlNode> known) {

        YamlNode get(String key) {
            YamlNode node = known.get(key);
            return node != null ? node : new YamlNode(owner.at(key), null, false);
        }

        boolean has(String key) {
            return known.containsKey(key);
        }
    }
}
