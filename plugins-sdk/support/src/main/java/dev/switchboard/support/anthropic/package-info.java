/**
 * The Anthropic Messages API wire format, written once for every provider that speaks it (Anthropic itself,
 * Claude on Bedrock's InvokeModel): the request body and the answer and stream-event mapping to OpenAI's shapes
 * ({@link dev.switchboard.support.anthropic.AnthropicMapping}), and the answer, event and error records read with
 * Jackson's streaming parser ({@link dev.switchboard.support.anthropic.AnthropicWire}). Extended thinking travels
 * the way OpenAI-compatible gateways carry it: {@code reasoning_content} (the text) and {@code thinking_blocks}
 * (the blocks with their signatures, so a client can send them back) on the message or the streamed delta.
 */
@Version("1.0.0")
@Export
package dev.switchboard.support.anthropic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
