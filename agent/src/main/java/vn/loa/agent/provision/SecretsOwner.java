package vn.loa.agent.provision;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import vn.loa.agent.cli.Args;

/**
 * Who owns the secrets file and the state folder that {@code ./loa provision} writes: the user the agent runs as
 * ({@code User=loa} in {@code loa.service}), so that the agent can read its 0600 keys and write its state. Provision
 * usually runs as root; without this the keys would be root's and the agent could not start.
 */
final class SecretsOwner {

    /** The user {@code packaging/loa.service} runs the agent as; the default owner when it exists. */
    static final String SERVICE_USER = "loa";

    /** The parts of the operating system's accounts provision needs; tests pass a fake. */
    interface Accounts {
        /** True when this process may give files away (effective uid 0). */
        boolean runningAsRoot();

        /** The user called {@code name}, or empty when the system has none. */
        Optional<UserPrincipal> user(String name) throws IOException;

        /** The real system: the effective uid from {@code /proc/self}, names from the system's user database. */
        Accounts SYSTEM = new Accounts() {
            @Override public boolean runningAsRoot() {
                try {
                    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                    return "root".equals(System.getProperty("user.name"));
                }
            }

            @Override public Optional<UserPrincipal> user(String name) throws IOException {
                try {
                    return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name));
                } catch (UserPrincipalNotFoundException e) {
                    return Optional.empty();
                }
            }
        };
    }

    private SecretsOwner() {
    }

    /**
     * The owner to give the secrets and the state folder to: {@code --owner USER} when given (a user the system does
     * not know is a usage error); otherwise {@value #SERVICE_USER} when that user exists and provision runs as root;
     * otherwise empty: the files keep the owner of whoever runs provision.
     */
    static Optional<UserPrincipal> resolve(Optional<String> flag, Accounts accounts) throws Args.UsageException {
        try {
            if (flag.isPresent()) {
                String name = flag.get().trim();
                if (name.isEmpty()) throw new Args.UsageException("--owner needs a user name");
                return Optional.of(accounts.user(name).orElseThrow(() -> new Args.UsageException("--owner '" + name
                        + "': no such user on this system; the agent's service runs as '" + SERVICE_USER
                        + "' (create it, or name the user the agent runs as)")));
            }
            return accounts.runningAsRoot() ? accounts.user(SERVICE_USER) : Optional.empty();
        } catch (IOException e) {
            throw new Args.UsageException("cannot look up the owner for the secrets: " + e.getMessage());
        }
    }
}
