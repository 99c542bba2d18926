package dev.switchboard.core.internal.plugins;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** "symbolic-name version" of the bundle a plugin object comes from, for log lines and listings. */
public final class BundleLabel {

    private BundleLabel() {
    }

    public static String of(Object plugin) {
        Bundle bundle = FrameworkUtil.getBundle(plugin.getClass());
        return bundle == null ? "<not in a bundle: " + plugin.getClass().getName() + ">" : of(bundle);
    }

    public static String of(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
