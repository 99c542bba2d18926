package dev.switchboard.support.http;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;

/** A complete upstream answer: status, headers and the whole body (bounded by the call's limit). */
public record UpstreamResponse(int status, HttpFields headers, byte[] body) {

    public UpstreamResponse {
        headers = headers == null ? new HttpFields() : headers;
        body = body == null ? new byte[0] : body;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The header's first value (names are case-insensitive), or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body as UTF-8 text, cut to {@code maxChars} so an error page cannot flood a message or a log. */
    public String bodyText(int maxChars) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }

    @Override
    public String toString() {
        return "UpstreamResponse[status=" + status + ", bodyBytes=" + body.length + "]";
    }
}
