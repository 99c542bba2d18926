/** Jackson streaming helpers shared by provider wire mappings: one configured factory, free-form values in and out. */
@Version("1.0.0")
@Export
package dev.switchboard.support.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
