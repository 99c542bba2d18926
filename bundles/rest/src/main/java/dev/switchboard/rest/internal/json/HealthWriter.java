package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.HealthReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The body of {@code /health}: liveness, readiness, grid state and what is bound right now. */
public final class HealthWriter {

    public void write(HealthReport report, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeBooleanField("ready", report.ready());
            gen.writeStringField("grid", report.gridUp() ? "up" : "down");
            gen.writeNumberField("models", report.models());
            writeNames(gen, "providers", report.providerTypes());
            writeNames(gen, "instances", report.instances());
            writeNames(gen, "caches", report.caches());
            writeNames(gen, "quotas", report.quotas());
            gen.writeObjectFieldStart("selection");
            gen.writeStringField("active", report.activeSelectionStrategy());
            writeNames(gen, "available", report.selectionStrategies());
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    /** Only what a load balancer needs: nothing about what is deployed. */
    public void writeSummary(HealthReport report, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeBooleanField("ready", report.ready());
            gen.writeEndObject();
        }
    }

    public void writeLive(OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeBooleanField("live", true);
            gen.writeEndObject();
        }
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
