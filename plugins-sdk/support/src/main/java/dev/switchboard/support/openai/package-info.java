/**
 * The OpenAI Chat Completions wire format, written once for every provider that speaks it (OpenAI itself,
 * Azure OpenAI, any OpenAI-compatible server): the request body ({@link dev.switchboard.support.openai.OpenAiMapping}),
 * the answer and stream chunk records read with Jackson's streaming parser
 * ({@link dev.switchboard.support.openai.OpenAiWire}), the error envelope and its error codes
 * ({@link dev.switchboard.support.openai.OpenAiErrors}), the streamed answer
 * ({@link dev.switchboard.support.openai.OpenAiStream}) and the call itself
 * ({@link dev.switchboard.support.openai.OpenAiChat}); the endpoints beyond chat likewise
 * ({@link dev.switchboard.support.openai.OpenAiEndpoints} the wire format, {@link dev.switchboard.support.openai.OpenAiCalls}
 * the calls: embeddings, images, legacy completions plain and streamed, speech, transcriptions, and the Responses
 * API passed through, {@link dev.switchboard.support.openai.OpenAiResponses}). A provider bundle adds only its
 * endpoint, headers and configuration.
 */
@Version("1.3.0")
@Export
package dev.switchboard.support.openai;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
