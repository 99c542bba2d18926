package dev.switchboard.shell.internal;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.ModelListing;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "model-list",
        description = "Lists the models clients can ask for, the instances serving them, prices and context windows.")
@Service
public class ModelList implements Action {

    @Reference
    Gateway gateway;

    @Override
    public Object execute() {
        table(gateway.models()).print(System.out);
        return null;
    }

    static ShellTable table(List<ModelListing> models) {
        ShellTable table = new ShellTable();
        table.column("Model");
        table.column("Instances");
        table.column("In $/1M").alignRight();
        table.column("Out $/1M").alignRight();
        table.column("Context").alignRight();
        table.emptyTableText("No model served.");
        models.stream().sorted(Comparator.comparing(listing -> listing.model().id())).forEach(listing -> {
            ModelInfo model = listing.model();
            table.addRow().addContent(model.id(), String.join(", ", listing.instanceIds()),
                    Figures.usd(model.inputPricePerMTok()), Figures.usd(model.outputPricePerMTok()),
                    model.contextWindow() > 0 ? Integer.toString(model.contextWindow()) : "-");
        });
        return table;
    }
}
