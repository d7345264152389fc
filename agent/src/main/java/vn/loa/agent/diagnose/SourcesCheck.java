package vn.loa.agent.diagnose;

import vn.loa.agent.audio.SourceAllowList;

/**
 * Where the receiver may fetch audio from ({@code audio.allowSources}). No list on a real board is a warning: any
 * stream URL a headend (or whoever took over a headend login) sends would play. The simulated board needs none.
 */
public final class SourcesCheck implements Check {

    private final SourceAllowList allow;
    private final boolean simulatedBoard;

    public SourcesCheck(SourceAllowList allow, boolean simulatedBoard) {
        this.allow = allow;
        this.simulatedBoard = simulatedBoard;
    }

    @Override public String name() {
        return "sources";
    }

    @Override public CheckResult run() {
        if (!allow.allowsAll()) {
            return CheckResult.pass("audio only from " + allow.patterns().size() + " allowed source pattern(s): " + allow);
        }
        if (simulatedBoard) return CheckResult.pass("any audio source (no audio.allowSources; simulated board)");
        return CheckResult.warn("audio.allowSources is not set: any stream URL sent to this receiver will play",
                "the receiver was provisioned without an allow-list of stream and content servers",
                "list the commune's stream and content servers in loa.json audio.allowSources "
                        + "(or provision again with --allow-source URL), then restart the service");
    }
}
