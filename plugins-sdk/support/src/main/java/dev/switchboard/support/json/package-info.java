/**
 * Jackson streaming helpers shared by provider wire mappings: one configured factory, free-form values in and out,
 * and RFC 6901 pointers into them ({@link dev.switchboard.support.json.JsonPointer}) for answers described by
 * configuration.
 */
@Version("1.1.0")
@Export
package dev.switchboard.support.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
