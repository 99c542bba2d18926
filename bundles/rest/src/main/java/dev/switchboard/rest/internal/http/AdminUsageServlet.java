package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.rest.internal.json.UsageCsvWriter;
import dev.switchboard.rest.internal.json.UsageReportWriter;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageReports;
import dev.switchboard.store.UsageRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/usage}: the usage ledger summed by the store ({@link UsageReports}, one {@code GROUP BY}) over
 * a time range, grouped by tenant / key / model / provider / instance / endpoint / status / day, with totals; JSON
 * or CSV ({@code format=csv} or {@code Accept: text/csv}), written row by row as the database returns them. The
 * query is read whole before anything is written, so a bad parameter is a 400 and never half a report.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-usage")
@HttpWhiteboardServletPattern(AdminUsageServlet.PATTERN)
public final class AdminUsageServlet extends ApiServlet {

    static final String PATTERN = "/admin/usage";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminUsageServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UsageReports reports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public AdminUsageServlet() {
        super("GET");
    }

    AdminUsageServlet(UsageReports reports, Authenticator authenticator) {
        this();
        this.reports = reports;
        this.authenticator = authenticator;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Authenticator authenticator = this.authenticator;
        if (authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        String tenantScope = readableTenant(BearerAuthentication.authenticate(request, authenticator));
        UsageReportRequest asked = UsageReportRequest.read(request::getParameter, request.getHeader("Accept"),
                System.currentTimeMillis(), tenantScope);
        UsageReports reports = this.reports;
        if (reports == null) {
            throw storeUnavailable();
        }
        response.setHeader("Cache-Control", "no-store");
        try {
            if (asked.csv()) {
                csv(reports, asked.query(), response);
            } else {
                json(reports, asked.query(), response);
            }
        } catch (IllegalStateException e) {
            LOG.warn("Usage report {} failed: {}", requestId, e.getMessage());
            if (response.isCommitted()) {
                throw new IOException("usage report cut short", e); // the client sees a truncated body
            }
            response.reset();
            response.setHeader(RequestId.HEADER, requestId);
            throw storeUnavailable();
        }
    }

    /**
     * The one access rule of this servlet: which tenant's usage the caller may read, null for every tenant
     * ({@link Permissions}): admin and operator read all, a tenant-admin reads only {@code caller.tenant()}
     * (returned here, so the query is filtered by it; asking for another is a 403), an app key is refused.
     */
    static String readableTenant(Caller caller) {
        if (Permissions.mayReadAll(caller)) {
            return null;
        }
        Permissions.requireRead(caller, caller.tenant());
        return caller.tenant();
    }

    private static void json(UsageReports reports, UsageQuery query, HttpServletResponse response)
            throws IOException {
        UsageRow totals = reports.totals(query);
        // one more row than the page, to say whether there is a next page without counting the groups
        UsageQuery probe = withLimit(query, query.limit() + 1);
        response.setContentType("application/json");
        // not closed on a failure: closing would complete the document and pass a cut report off as whole
        UsageReportWriter writer = new UsageReportWriter(response.getOutputStream(), query, totals);
        int[] written = new int[1];
        int read = reports.report(probe, row -> {
            if (written[0] < query.limit()) {
                writer.row(row);
                written[0]++;
            }
        });
        writer.end(read > query.limit() ? query.offset() + (long) query.limit() : -1);
        writer.close();
    }

    private static void csv(UsageReports reports, UsageQuery query, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv; charset=utf-8; header=present");
        response.setHeader("Content-Disposition", "attachment; filename=\"usage.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                8192);
        UsageCsvWriter writer = new UsageCsvWriter(out, query.groupBy());
        reports.report(query, writer::row);
        out.flush();
    }

    private static UsageQuery withLimit(UsageQuery query, int limit) {
        return new UsageQuery(query.fromMillis(), query.toMillis(), query.groupBy(), query.tenant(), query.keyId(),
                query.model(), query.providerType(), query.endpoint(), query.requestId(), query.offset(), limit);
    }

    private static GatewayException storeUnavailable() {
        return new GatewayException(503, "api_error", "store_unavailable", null,
                "The usage store is not available on this node. Retry shortly.", null);
    }
}
