package dev.switchboard.core.internal.plugins;

import dev.switchboard.core.api.HealthReport.UnresolvedBundle;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Finds Switchboard plugin bundles that are installed but cannot resolve (a provider dropped into
 * deploy/ that imports a package nobody exports), and which of their requirements nothing provides.
 * A plugin is a bundle with a {@code Switchboard-Plugin} header (the archetype sets it) or one that
 * imports the SPI. Asked on demand (health, provider-list), never on the request path.
 */
public final class UnresolvedPlugins {

    /** The manifest header the archetype writes: provider, cache, quota or selection. */
    public static final String HEADER = "Switchboard-Plugin";
    private static final String SPI_PACKAGE = "dev.switchboard.api";

    private UnresolvedPlugins() {
    }

    public static List<UnresolvedBundle> find(BundleContext context) {
        List<UnresolvedBundle> result = new ArrayList<>();
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.INSTALLED) {
                continue;
            }
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null || !isPlugin(bundle, revision)) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
                if (isMandatory(requirement) && wiring.findProviders(requirement).isEmpty()) {
                    missing.add(describe(requirement));
                }
            }
            result.add(new UnresolvedBundle(bundle.getBundleId(), BundleLabel.of(bundle), bundle.getLocation(),
                    missing.isEmpty() ? List.of("(a requirement of a bundle it needs; see bundle:diag "
                            + bundle.getBundleId() + ")") : missing));
        }
        return result;
    }

    private static boolean isPlugin(Bundle bundle, BundleRevision revision) {
        if (bundle.getHeaders().get(HEADER) != null) {
            return true;
        }
        for (BundleRequirement requirement : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            if (filter != null && filter.contains(SPI_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    /** What the resolver insists on: not optional, and effective at resolve time (the default). */
    private static boolean isMandatory(BundleRequirement requirement) {
        var directives = requirement.getDirectives();
        return !Namespace.RESOLUTION_OPTIONAL.equals(directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                && Namespace.EFFECTIVE_RESOLVE.equals(directives.getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE,
                        Namespace.EFFECTIVE_RESOLVE));
    }

    /** e.g. "osgi.wiring.package: (&(osgi.wiring.package=com.acme)(version>=1.0.0))". */
    private static String describe(BundleRequirement requirement) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        return requirement.getNamespace() + ": " + (filter == null ? requirement.getAttributes() : filter);
    }
}
