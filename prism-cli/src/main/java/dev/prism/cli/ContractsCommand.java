package dev.prism.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contracts", mixinStandardHelpOptions = true,
    description = "List the signal contracts Prism declares (name@major, type, owner, meaning).")
final class ContractsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the contracts as JSON (the same document GET /v1/contracts serves).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ContractRegistry reg = ContractRegistry.builtin();
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
