package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A servlet that serves with core's {@link Gateway} and {@link Authenticator}, held once here for every such
 * component. Both are optional, dynamic and greedy references: while core restarts the endpoint answers 503
 * instead of vanishing. bnd reads these annotations for each subclass component ({@code -dsannotations-options:
 * inherit} in this bundle's pom; the class is private to the bundle, so build time and run time see the same one).
 * The fields are package-private, not private: SCR injects a superclass field only when the component class can
 * reach it.
 */
abstract class GatewayServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Authenticator authenticator;

    GatewayServlet(String... methods) {
        super(methods);
    }

    /** For tests: the services bound without DS. */
    GatewayServlet(Gateway gateway, Authenticator authenticator, String... methods) {
        super(methods);
        this.gateway = gateway;
        this.authenticator = authenticator;
    }
}
