/**
 * Bounding asynchronous calls by a deadline without a timer task per call: one sweep per owner, asleep while no call
 * is pending ({@link dev.switchboard.support.deadline.DeadlineSweep}). Jetty-free: bundles that do no HTTP (the grid,
 * the caches) use it too.
 */
@Version("1.0.0")
@Export
package dev.switchboard.support.deadline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
