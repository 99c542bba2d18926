/** Image generation: an optional capability a provider instance declares by implementing {@code ImagesCapable}. */
@Version("1.0.0")
@Export
package dev.switchboard.api.images;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
