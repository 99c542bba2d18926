package dev.switchboard.support.http;

import java.util.regex.Pattern;

/**
 * Scrubs secrets from text that came from an upstream (error messages sometimes echo a key, masked or not)
 * before it goes into an exception message, a log or a client response.
 */
public final class Redaction {

    public static final String MASK = "***";

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");

    private Redaction() {
    }

    /**
     * Replaces every occurrence of each non-blank secret and every {@code Bearer <token>} with {@value #MASK},
     * and cuts the result to {@code maxChars}.
     */
    public static String redact(String text, int maxChars, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                result = result.replace(secret, MASK);
            }
        }
        result = BEARER.matcher(result).replaceAll("$1" + MASK);
        return result.length() <= maxChars ? result : result.substring(0, maxChars) + "...";
    }
}
