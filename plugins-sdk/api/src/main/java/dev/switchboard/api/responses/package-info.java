/**
 * The Responses API passed through to an upstream that has it natively: an optional capability a provider instance
 * declares by implementing {@code ResponsesCapable}. Instances without it serve {@code /v1/responses} mapped onto
 * chat by the gateway.
 */
@Version("1.0.0")
@Export
package dev.switchboard.api.responses;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
