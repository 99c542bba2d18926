/**
 * What quota strategies with named limit definitions share: one definition per entry of {@code key=value} parts,
 * entries split at commas as a Karaf {@code .cfg} file and the admin API deliver them, names unique, and the
 * cluster's definitions (shared through the grid by core) taking precedence over a node's file entries of the same
 * name ({@link dev.switchboard.support.quota.NamedDefinitions}).
 */
@Version("1.0.0")
@Export
package dev.switchboard.support.quota;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
