package vn.loa.agent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a receiver itself offers (the device's {@code loa} and, with the testbench's own, {@code ./loa}).
 * One line per command, in the order {@code help} lists them.
 */
public final class AgentCommands {

    private AgentCommands() {
    }

    public static List<Command> all() {
        List<Command> c = new ArrayList<>();
        c.add(new vn.loa.agent.runtime.RunCommand());
        c.add(new vn.loa.agent.runtime.SafeStateCommand());
        c.add(new vn.loa.agent.update.ReleaseCommand());
        c.add(new vn.loa.agent.audio.PlayCommand());
        c.add(new vn.loa.agent.store.LogCommand(vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM),
                vn.loa.agent.runtime.RunCommand.DEFAULT_CONFIG));
        c.add(new vn.loa.agent.provision.ProvisionCommand());
        c.add(new vn.loa.agent.diagnose.DeviceDiagnoseCommand());
        return c;
    }
}
