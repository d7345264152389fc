package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAllowListTest {

    final SourceAllowList list = SourceAllowList.of(List.of("https://content.xa-an-binh.vn/bulletins",
            "http://10.8.0.1:8000/", "https://*.dai-tieng-noi.vn"));

    boolean allows(String url) {
        return list.refusal(URI.create(url)).isEmpty();
    }

    @Test void no_list_allows_every_source() {
        assertThat(SourceAllowList.ANY.allowsAll()).isTrue();
        assertThat(SourceAllowList.of(List.of()).refusal(URI.create("http://attacker.example/x.mp3"))).isEmpty();
    }

    @Test void a_listed_path_allows_itself_and_what_is_below_it_not_a_longer_name() {
        assertThat(allows("https://content.xa-an-binh.vn/bulletins")).isTrue();
        assertThat(allows("https://content.xa-an-binh.vn/bulletins/noon.mp3?token=1")).isTrue();
        assertThat(allows("https://CONTENT.xa-an-binh.vn:443/bulletins/noon.mp3")).as("host case, default port").isTrue();
        assertThat(allows("https://content.xa-an-binh.vn/bulletins-old/noon.mp3")).isFalse();
        assertThat(allows("https://content.xa-an-binh.vn/other/noon.mp3")).isFalse();
        assertThat(allows("https://content.xa-an-binh.vn/bulletins/../admin/x.mp3")).as("dot segments").isFalse();
    }

    @Test void scheme_and_port_must_be_those_listed() {
        assertThat(allows("http://content.xa-an-binh.vn/bulletins/noon.mp3")).as("http, listed https").isFalse();
        assertThat(allows("https://content.xa-an-binh.vn:8443/bulletins/noon.mp3")).isFalse();
        assertThat(allows("http://10.8.0.1:8000/live")).isTrue();
        assertThat(allows("http://10.8.0.1/live")).as("port 80 is not 8000").isFalse();
    }

    @Test void a_wildcard_host_allows_hosts_below_the_domain_only() {
        assertThat(allows("https://radio.dai-tieng-noi.vn/live.mp3")).isTrue();
        assertThat(allows("https://a.b.dai-tieng-noi.vn/live.mp3")).isTrue();
        assertThat(allows("https://dai-tieng-noi.vn/live.mp3")).as("the domain itself is not below it").isFalse();
        assertThat(allows("https://evil-dai-tieng-noi.vn/live.mp3")).isFalse();
        assertThat(allows("https://dai-tieng-noi.vn.attacker.example/live.mp3")).isFalse();
    }

    @Test void local_sources_are_not_network_sources_and_always_allowed() {
        assertThat(allows("file:/var/lib/loa/fallback.mp3")).isTrue();
        assertThat(allows("cache:" + "a".repeat(64))).isTrue();
        assertThat(allows("/opt/loa/tone.wav")).isTrue();
    }

    @Test void other_schemes_are_refused_when_a_list_is_set() {
        assertThat(allows("ftp://10.8.0.1:8000/x.mp3")).isFalse();
    }

    @Test void the_refusal_names_the_source_without_its_credentials_and_the_list() {
        assertThat(list.refusal(URI.create("https://user:pw@attacker.example/live.mp3?sig=secret")))
                .contains("source https://attacker.example/live.mp3?… is not in audio.allowSources of loa.json "
                        + "(https://content.xa-an-binh.vn/bulletins, http://10.8.0.1:8000/, https://*.dai-tieng-noi.vn)");
        assertThat(list.refusal(List.of(URI.create("http://10.8.0.1:8000/live"), URI.create("http://x.example/b"))))
                .hasValueSatisfying(r -> assertThat(r).startsWith("source http://x.example/b "));
    }

    @Test void a_bad_pattern_is_named_by_its_index_and_why() {
        assertThatThrownBy(() -> SourceAllowList.of(List.of("https://ok.vn", "ftp://x.vn")))
                .hasMessage("[1] 'ftp://x.vn' must start with http:// or https://");
        assertThatThrownBy(() -> SourceAllowList.of(List.of("content.vn/bulletins")))
                .hasMessage("[0] 'content.vn/bulletins' must start with http:// or https://");
        assertThatThrownBy(() -> SourceAllowList.of(List.of("https://a:b@x.vn/")))
                .hasMessage("[0] 'https://a:b@x.vn/' must not carry a user or password");
        assertThatThrownBy(() -> SourceAllowList.of(List.of("https://x.vn/a?b=1")))
                .hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> SourceAllowList.of(List.of("https://x*.vn/")))
                .hasMessageStartingWith("[0] 'https://x*.vn/' ");
        assertThatThrownBy(() -> SourceAllowList.of(List.of("https:///path")))
                .hasMessage("[0] 'https:///path' has no host");
    }
}
