/**
 * Request bodies described by configuration: a JSON template with {@code {{name}}} placeholders, compiled once and
 * rendered by substitution only ({@link dev.switchboard.support.template.JsonTemplate}); used by the http-template
 * provider for chat and by sagemaker for image and video endpoints.
 */
@Version("1.0.0")
@Export
package dev.switchboard.support.template;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
