package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.ModelListing;
import java.util.List;
import org.junit.Test;

public class ModelListTest {

    @Test
    public void printsModelsSortedWithInstancesPricesAndContext() {
        String printed = Printed.table(ModelList.table(List.of(
                new ModelListing(ModelInfo.text("mock-lorem", "0", "0", 0), List.of("mock"), List.of("mock")),
                new ModelListing(ModelInfo.text("gpt-4o", "2.50", "10.00", 128000), List.of("oai-1", "oai-2"),
                        List.of("openai", "openai")))));

        String[] lines = printed.split("\\R");
        assertThat(lines[0]).contains("Model", "Instances", "In $/1M", "Out $/1M", "Context");
        assertThat(lines[2]).containsPattern("gpt-4o\\s*\\|\\s*oai-1, oai-2\\s*\\|\\s*2.5\\s*\\|\\s*10\\s*\\|\\s*128000");
        assertThat(lines[3]).containsPattern("mock-lorem\\s*\\|\\s*mock\\s*\\|\\s*0\\s*\\|\\s*0\\s*\\|\\s*-");
    }
}
