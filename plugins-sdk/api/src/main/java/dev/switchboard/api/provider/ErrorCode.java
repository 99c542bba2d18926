package dev.switchboard.api.provider;

/**
 * Why a provider call failed, in terms the gateway can act on (retry, fail over, or tell the client). Only the
 * client faults ({@code BAD_REQUEST}, {@code CONTEXT_LENGTH}, {@code CONTENT_FILTER}) and {@code NOT_FOUND} show
 * the provider's message to the client, because it tells the client what to change; every other code answers
 * with a generic message naming the code, and the provider's message goes to the log only. Either way a message
 * must never contain a secret.
 */
public enum ErrorCode {
    /** The provider rejected our credentials. Another instance may still serve. */
    AUTH(false, 502),
    /** The credentials lack access to this model or feature. */
    PERMISSION(false, 502),
    /** The provider throttled us. */
    RATE_LIMIT(true, 429),
    /** The request itself is invalid; no other provider will accept it either. */
    BAD_REQUEST(false, 400),
    /** The prompt plus completion exceed the model's context window. */
    CONTEXT_LENGTH(false, 400),
    /** The provider's safety system refused the content. */
    CONTENT_FILTER(false, 400),
    /** The provider does not know the model. */
    NOT_FOUND(false, 404),
    /** No answer within the deadline. */
    TIMEOUT(true, 504),
    /** The provider is down, overloaded or answered 5xx. */
    UNAVAILABLE(true, 503),
    /** Anything else that went wrong on the provider's side or in the mapping. */
    INTERNAL(true, 502);

    private final boolean retryableByDefault;
    private final int gatewayStatus;

    ErrorCode(boolean retryableByDefault, int gatewayStatus) {
        this.retryableByDefault = retryableByDefault;
        this.gatewayStatus = gatewayStatus;
    }

    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    /** The HTTP status the gateway answers with when no candidate could serve. */
    public int gatewayStatus() {
        return gatewayStatus;
    }

    /** Whether the client's request is at fault, so trying another provider is pointless. */
    public boolean isClientFault() {
        return this == BAD_REQUEST || this == CONTEXT_LENGTH || this == CONTENT_FILTER;
    }
}
