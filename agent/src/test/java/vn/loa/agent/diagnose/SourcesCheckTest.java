package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.audio.SourceAllowList;

class SourcesCheckTest {

    @Test void a_list_passes_and_names_it() {
        CheckResult r = new SourcesCheck(SourceAllowList.of(List.of("https://content.vn/")), false).run();
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(r.detail()).isEqualTo("audio only from 1 allowed source pattern(s): https://content.vn/");
    }

    @Test void no_list_on_a_real_board_warns_with_what_to_do() {
        CheckResult r = new SourcesCheck(SourceAllowList.ANY, false).run();
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.detail()).isEqualTo("audio.allowSources is not set: any stream URL sent to this receiver will play");
        assertThat(r.remedy()).contains("--allow-source URL");
    }

    @Test void no_list_on_the_simulated_board_passes() {
        assertThat(new SourcesCheck(SourceAllowList.ANY, true).run().status()).isEqualTo(Status.PASS);
    }
}
