package dev.switchboard.core.internal.pipeline;

/**
 * The part of a provider's error text that may reach a client: its first line (a stack trace or a proxy's
 * page starts below it), without control characters, at most {@value #MAX_CHARS} characters.
 */
final class UpstreamText {

    static final int MAX_CHARS = 1024;

    private UpstreamText() {
    }

    /** @return the relayable text, empty when nothing is left */
    static String relayable(String text) {
        if (text == null) {
            return "";
        }
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                end = i;
                break;
            }
        }
        boolean cut = end > MAX_CHARS;
        int keep = cut ? MAX_CHARS - 3 : end;
        StringBuilder out = new StringBuilder(keep + 3);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        // never end on half a surrogate pair
        if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
        String result = out.toString().strip();
        return cut && !result.isEmpty() ? result + "..." : result;
    }
}
