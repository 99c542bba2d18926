package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.HealthReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The body of {@code /health}: liveness, readiness, grid state and what is bound right now. */
public final class HealthWriter {

    public void write(HealthReport report, OutputStream out) throws IOException {
        write(report, false, out);
    }

    /** {@code warmingUp}: ready waits for the start-up warm-up ({@code "warming_up": true}, only while it runs). */
    public void write(HealthReport report, boolean warmingUp, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeBooleanField("ready", report.ready());
            writeWarmingUp(gen, warmingUp);
            gen.writeStringField("grid", report.gridUp() ? "up" : "down");
            gen.writeNumberField("models", report.models());
            // models whose every route has an open circuit: why ready is false while instances are bound
            writeNames(gen, "unserved_models", report.unservedModels());
            writeNames(gen, "providers", report.providerTypes());
            writeNames(gen, "instances", report.instances());
            writeNames(gen, "caches", report.caches());
            writeNames(gen, "quotas", report.quotas());
            gen.writeObjectFieldStart("selection");
            gen.writeStringField("active", report.activeSelectionStrategy());
            writeNames(gen, "available", report.selectionStrategies());
            gen.writeEndObject();
            writePluginProblems(gen, report);
            gen.writeEndObject();
        }
    }

    /** Only what a load balancer needs: nothing about what is deployed. */
    public void writeSummary(HealthReport report, OutputStream out) throws IOException {
        writeSummary(report, false, out);
    }

    public void writeSummary(HealthReport report, boolean warmingUp, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeBooleanField("ready", report.ready());
            writeWarmingUp(gen, warmingUp);
            gen.writeEndObject();
        }
    }

    private static void writeWarmingUp(JsonGenerator gen, boolean warmingUp) throws IOException {
        if (warmingUp) {
            gen.writeBooleanField("warming_up", true);
        }
    }

    public void writeLive(OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeEndObject();
        }
    }

    /**
     * What keeps a plugin from serving; both arrays are there, empty when all is well. /health is
     * unauthenticated, so no file locations (the shell shows those); reasons have the key cut out by core.
     */
    private static void writePluginProblems(JsonGenerator gen, HealthReport report) throws IOException {
        gen.writeArrayFieldStart("failed_instances");
        for (HealthReport.FailedInstance failed : report.failedInstances()) {
            gen.writeStartObject();
            gen.writeStringField("instance", failed.instanceId());
            gen.writeStringField("type", failed.providerType());
            gen.writeStringField("bundle", failed.bundle());
            gen.writeStringField("reason", failed.reason());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("unresolved_bundles");
        for (HealthReport.UnresolvedBundle bundle : report.unresolvedBundles()) {
            gen.writeStartObject();
            gen.writeNumberField("id", bundle.bundleId());
            gen.writeStringField("bundle", bundle.bundle());
            writeNames(gen, "missing", bundle.missing());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeNames(JsonGenerator gen, String field, List<String> names) throws IOException {
        gen.writeArrayFieldStart(field);
        if (names != null) {
            for (String name : names) {
                gen.writeString(name);
            }
        }
        gen.writeEndArray();
    }
}
