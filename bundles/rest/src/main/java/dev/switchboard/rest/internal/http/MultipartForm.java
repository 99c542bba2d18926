package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578) already read whole and bounded (the audio endpoints'
 * {@code max.upload.bytes}): its parts by field name. A file part keeps its file name and media type; parts are
 * slices copied once. Anything malformed is a 400, never a 5xx.
 */
final class MultipartForm {

    record Part(String name, String fileName, String contentType, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_PARTS = 64;
    private static final int MAX_HEADER_BYTES = 8192;

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    Part part(String name) {
        return parts.get(name);
    }

    String text(String name) {
        Part part = parts.get(name);
        return part == null ? null : part.text();
    }

    Map<String, Part> parts() {
        return parts;
    }

    static MultipartForm parse(String contentType, byte[] body, int length) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, length, delimiter, 0);
        if (at < 0) {
            throw malformed("no part starts with the boundary");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        int position = at + delimiter.length;
        while (true) {
            if (position + 2 <= length && body[position] == '-' && body[position + 1] == '-') {
                return new MultipartForm(parts);
            }
            if (position + 2 > length || body[position] != '\r' || body[position + 1] != '\n') {
                throw malformed("a boundary is not followed by a line break");
            }
            position += 2;
            int headersEnd = indexOf(body, Math.min(length, position + MAX_HEADER_BYTES), "\r\n\r\n".getBytes(
                    StandardCharsets.ISO_8859_1), position);
            if (headersEnd < 0) {
                throw malformed("a part has no end of headers");
            }
            String headers = new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, length, next, contentStart);
            if (contentEnd < 0) {
                throw malformed("the last part is not closed");
            }
            Part part = part(headers, Arrays.copyOfRange(body, contentStart, contentEnd));
            if (part != null) {
                if (parts.size() == MAX_PARTS) {
                    throw malformed("more than " + MAX_PARTS + " parts");
                }
                parts.putIfAbsent(part.name(), part);
            }
            position = contentEnd + next.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String fileName = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                fileName = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        return name == null ? null : new Part(name, fileName, type, content);
    }

    private static String parameter(String header, String name) {
        for (String piece : header.split(";")) {
            String trimmed = piece.trim();
            int eq = trimmed.indexOf('=');
            if (eq > 0 && trimmed.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = trimmed.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw GatewayException.invalidRequest(null, "This endpoint takes multipart/form-data with the audio "
                    + "'file' and a 'model'.");
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw malformed("the content type has no boundary");
        }
        return boundary;
    }

    private static int indexOf(byte[] data, int limit, byte[] pattern, int from) {
        int last = limit - pattern.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static GatewayException malformed(String why) {
        return GatewayException.invalidRequest(null, "The multipart body could not be read: " + why + ".");
    }
}
