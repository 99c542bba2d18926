/** Legacy text completions: optional capabilities a provider instance declares by implementing {@code CompletionsCapable} (and {@code CompletionsStreamCapable} to stream them). */
@Version("1.2.0")
@Export
package dev.switchboard.api.completions;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
