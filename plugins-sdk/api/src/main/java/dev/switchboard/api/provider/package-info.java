/** The ModelProvider SPI: provider types, their configured instances, model catalog and error codes. */
@Version("1.4.0")
@Export
package dev.switchboard.api.provider;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
