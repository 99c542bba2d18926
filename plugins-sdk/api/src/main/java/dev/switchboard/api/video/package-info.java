/** Video generation: an optional capability a provider instance declares by implementing {@code VideoCapable}. */
@Version("1.0.0")
@Export
package dev.switchboard.api.video;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
