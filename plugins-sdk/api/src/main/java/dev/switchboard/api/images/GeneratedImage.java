package dev.switchboard.api.images;

/** One image: its base64 bytes or a URL (whichever the request asked for), and the prompt the model used. */
public record GeneratedImage(String b64Json, String url, String revisedPrompt) {
}
