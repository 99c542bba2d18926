/** Speech and transcription: optional capabilities a provider instance declares by implementing {@code SpeechCapable} or {@code TranscriptionCapable}. */
@Version("1.0.0")
@Export
package dev.switchboard.api.audio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
