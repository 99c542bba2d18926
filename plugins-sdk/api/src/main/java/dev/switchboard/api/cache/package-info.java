/** The ResponseCache SPI: lookup and store of responses by canonical request fingerprint. */
@Version("1.2.0")
@Export
package dev.switchboard.api.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
