/** Legacy text completions: an optional capability a provider instance declares by implementing {@code CompletionsCapable}. */
@Version("1.0.0")
@Export
package dev.switchboard.api.completions;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
