package vn.loa.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.loa.agent.cli.Args;

class SecretsOwnerTest {

    record User(String getName) implements UserPrincipal { }

    static SecretsOwner.Accounts accounts(boolean root, String... users) {
        Set<String> known = Set.of(users);
        return new SecretsOwner.Accounts() {
            @Override public boolean runningAsRoot() {
                return root;
            }

            @Override public Optional<UserPrincipal> user(String name) {
                return known.contains(name) ? Optional.of(new User(name)) : Optional.empty();
            }
        };
    }

    @Test
    void as_root_the_secrets_go_to_the_service_user_loa_when_it_exists() throws Exception {
        assertThat(SecretsOwner.resolve(Optional.empty(), accounts(true, "root", "loa"))).contains(new User("loa"));
    }

    @Test
    void as_root_without_a_loa_user_the_owner_is_left_unchanged() throws Exception {
        assertThat(SecretsOwner.resolve(Optional.empty(), accounts(true, "root"))).isEmpty();
    }

    @Test
    void not_as_root_the_owner_is_left_unchanged_even_when_loa_exists() throws Exception {
        assertThat(SecretsOwner.resolve(Optional.empty(), accounts(false, "loa", "installer"))).isEmpty();
    }

    @Test
    void an_explicit_owner_wins_over_the_default() throws Exception {
        assertThat(SecretsOwner.resolve(Optional.of("audio"), accounts(true, "loa", "audio"))).contains(new User("audio"));
    }

    @Test
    void an_unknown_owner_is_a_usage_error_naming_it() {
        assertThatThrownBy(() -> SecretsOwner.resolve(Optional.of("lao"), accounts(true, "loa")))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("--owner 'lao': no such user on this system; the agent's service runs as 'loa' "
                        + "(create it, or name the user the agent runs as)");
    }

    @Test
    void a_blank_owner_is_a_usage_error() {
        assertThatThrownBy(() -> SecretsOwner.resolve(Optional.of(" "), accounts(true, "loa")))
                .isInstanceOf(Args.UsageException.class).hasMessage("--owner needs a user name");
    }

    @Test
    void the_system_accounts_know_the_user_running_the_tests_and_not_a_made_up_one() throws Exception {
        String me = System.getProperty("user.name");
        assertThat(SecretsOwner.Accounts.SYSTEM.user(me)).map(UserPrincipal::getName).contains(me);
        assertThat(SecretsOwner.Accounts.SYSTEM.user("no-such-user-loa-test")).isEmpty();
        assertThat(SecretsOwner.Accounts.SYSTEM.runningAsRoot()).isEqualTo("root".equals(me));
    }
}
