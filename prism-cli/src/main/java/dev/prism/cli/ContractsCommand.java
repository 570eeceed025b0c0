package dev.prism.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.runtime.graph.GraphAssembly;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "contracts", mixinStandardHelpOptions = true,
    description = {"List the contracts of the signals the configured graph serves (name@major, type, producer, "
        + "owner, meaning): the built-in models' and those of trained heads in graph.heads. Loads no model."})
final class ContractsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--json", description = "Print the contracts as JSON (the same document GET /v1/contracts serves).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ContractRegistry reg;
    try (SignalGraph graph = GraphAssembly.build(config.load(), GraphListener.NONE)) {
      reg = graph.contracts();
    }
    if (json) {
      ArrayNode a = SignalJson.MAPPER.createArrayNode();
      reg.all().forEach(c -> a.add(SignalJson.contract(c)));
      System.out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      return Prism.EXIT_OK;
    }
    for (SignalContract c : reg.all()) {
      System.out.printf("%-20s %-12s producer=%s owner=%s%n  %s%n", c.spec(), c.type().kind(), c.producer(), c.owner(),
          c.description());
    }
    return Prism.EXIT_OK;
  }
}
