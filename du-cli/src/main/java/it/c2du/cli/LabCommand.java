package it.c2du.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code du lab}: the distributor's integration-lab test plan, on a desk and at the lab. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "The distributor's integration-lab test plan: run it against this receiver on a bench of"
                + " simulated meters (du lab run), or watch a real meter's frames and the counters live at the lab"
                + " (du lab observe; du lab run is in the developer's jar, which ./du in a checkout runs).",
        subcommands = {LabObserveCommand.class})
final class LabCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
