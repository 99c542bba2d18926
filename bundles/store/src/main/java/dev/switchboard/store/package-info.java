/**
 * The node's durable state, for core: the usage ledger (appended off the request path), the stored keys, the
 * tenants, projects and users (the durable truth behind the grid's fast views), the routes set at run time, the
 * limits (definitions, budgets' spent snapshots) and, for the admin API, the ledger's usage reports. Holds JDK
 * types only, so no bundle needs another's classes.
 */
@Version("1.3.0")
@Export
package dev.switchboard.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
