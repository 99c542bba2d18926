/** The QuotaStrategy SPI: admit or deny a request, then record what it really used. */
@Version("1.1.0")
@Export
package dev.switchboard.api.quota;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
