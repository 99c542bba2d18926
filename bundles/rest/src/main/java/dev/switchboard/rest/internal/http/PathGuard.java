package dev.switchboard.rest.internal.http;

/**
 * Refuses request paths whose meaning depends on how they are decoded: an encoded slash or backslash
 * ({@code %2f}, {@code %5c}), a raw backslash, and {@code .} or {@code ..} segments, raw or encoded
 * ({@code %2e}), also with path parameters ({@code ..;x}). Jetty decodes {@code /v1/models/..%2f..%2fhealth}
 * and resolves the dots, which served {@code /health} to a {@code /v1} path; no API path needs any of them.
 */
final class PathGuard {

    private PathGuard() {
    }

    /** @param rawPath the path as sent, before any decoding ({@code HttpServletRequest.getRequestURI()}) */
    static boolean refuses(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        int length = rawPath.length();
        int segmentStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? rawPath.charAt(i) : '/';
            if (c == '\\') {
                return true;
            }
            if (c == '%' && i + 2 < length) {
                char high = rawPath.charAt(i + 1);
                char low = Character.toLowerCase(rawPath.charAt(i + 2));
                if ((high == '2' && low == 'f') || (high == '5' && low == 'c')) {
                    return true;
                }
            }
            if (c == '/') {
                if (isDotSegment(rawPath, segmentStart, i)) {
                    return true;
                }
                segmentStart = i + 1;
            }
        }
        return false;
    }

    /** {@code .} or {@code ..}, each dot raw or {@code %2e}, optionally followed by {@code ;parameters}. */
    private static boolean isDotSegment(String path, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            char c = path.charAt(i);
            if (c == '.') {
                dots++;
                i++;
            } else if (c == '%' && i + 2 < end && path.charAt(i + 1) == '2'
                    && Character.toLowerCase(path.charAt(i + 2)) == 'e') {
                dots++;
                i += 3;
            } else if (c == ';') {
                break;
            } else {
                return false;
            }
        }
        return dots == 1 || dots == 2;
    }
}
