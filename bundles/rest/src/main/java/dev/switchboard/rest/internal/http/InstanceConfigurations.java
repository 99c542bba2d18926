package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The operator-defined provider instances as ConfigAdmin holds them: factory configurations of
 * {@code dev.switchboard.instance}, whether from a file in etc/ or from the admin API. One added here is named
 * after its id ({@code dev.switchboard.instance~<id>}, the PID Karaf gives {@code etc/dev.switchboard.instance-<id>.cfg}),
 * so it is the same configuration a file would make: persisted by ConfigAdmin and picked up by core the same way.
 * A provider type's own configuration ({@code dev.switchboard.provider.<type>}) defines that type's default
 * instance (source "provider" in the admin listing); {@link #providerConfiguredOn} reads it.
 */
interface InstanceConfigurations {

    /** The PID of each configuration, by the instance id it defines. */
    Map<String, String> pidsById() throws IOException;

    /** Creates the configuration; returns its PID. */
    String create(String id, Dictionary<String, Object> properties) throws IOException;

    /** Deletes the configuration of this instance id; false when there is none. */
    boolean delete(String id) throws IOException;

    /** Whether the configuration came from a file in etc/ (Karaf's file install). */
    boolean fromFile(String pid) throws IOException;

    /**
     * Whether the provider type's own configuration ({@code dev.switchboard.provider.<type>}, e.g. Karaf's
     * {@code etc/dev.switchboard.provider.mock.cfg}) exists and does not say {@code enabled = false}.
     */
    boolean providerConfiguredOn(String type) throws IOException;

    /** The PID of a provider type's own configuration. */
    static String providerPid(String type) {
        return "dev.switchboard.provider." + type;
    }

    static InstanceConfigurations of(ConfigurationAdmin admin) {
        return new InstanceConfigurations() {
            @Override
            public Map<String, String> pidsById() throws IOException {
                Map<String, String> pids = new java.util.TreeMap<>();
                for (Configuration configuration : list(admin, null)) {
                    Object id = configuration.getProperties() == null ? null : configuration.getProperties().get("id");
                    if (id != null) {
                        pids.put(id.toString().trim(), configuration.getPid());
                    }
                }
                return pids;
            }

            @Override
            public String create(String id, Dictionary<String, Object> properties) throws IOException {
                // location "?": bound to whichever bundle (core) reads it, as Karaf's file install does
                Configuration configuration = admin.getFactoryConfiguration(InstanceRequest.FACTORY_PID, id, "?");
                configuration.update(properties);
                return configuration.getPid();
            }

            @Override
            public boolean delete(String id) throws IOException {
                boolean deleted = false;
                for (Configuration configuration : list(admin, id)) {
                    configuration.delete();
                    deleted = true;
                }
                return deleted;
            }

            @Override
            public boolean fromFile(String pid) throws IOException {
                Configuration[] found = listed(admin, "(service.pid=" + pid + ")");
                return found.length > 0 && found[0].getProperties() != null
                        && found[0].getProperties().get("felix.fileinstall.filename") != null;
            }

            @Override
            public boolean providerConfiguredOn(String type) throws IOException {
                // the type is a provider's own constant ("mock"): nothing to escape in the filter
                Configuration[] found = listed(admin, "(service.pid=" + providerPid(type) + ")");
                if (found.length == 0 || found[0].getProperties() == null) {
                    return false;
                }
                Object enabled = found[0].getProperties().get("enabled");
                return enabled == null || !"false".equalsIgnoreCase(String.valueOf(enabled).trim());
            }
        };
    }

    private static Configuration[] list(ConfigurationAdmin admin, String id) throws IOException {
        // the id is checked against [A-Za-z0-9._-] before it gets here: nothing to escape in the filter
        return listed(admin, "(&(service.factoryPid=" + InstanceRequest.FACTORY_PID + ")"
                + (id == null ? "" : "(id=" + id + ")") + ")");
    }

    private static Configuration[] listed(ConfigurationAdmin admin, String filter) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
