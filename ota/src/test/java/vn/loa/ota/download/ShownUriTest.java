package vn.loa.ota.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ShownUriTest {

    @Test
    void a_presigned_query_and_user_info_never_reach_the_log_but_host_port_and_path_do() {
        URI u = URI.create("https://ota:s3cret@updates.example.vn:8443/loa/1.1.0/manifest.json?X-Amz-Signature=abc123&X-Amz-Credential=k");
        assertThat(ShownUri.of(u)).isEqualTo("https://updates.example.vn:8443/loa/1.1.0/manifest.json?…");
    }

    @Test
    void a_plain_uri_is_shown_as_it_is() {
        assertThat(ShownUri.of("http://127.0.0.1:8080/bundles/1.1.0/")).isEqualTo("http://127.0.0.1:8080/bundles/1.1.0/");
    }

    @Test
    void text_that_is_not_a_uri_is_still_cut_at_its_query_and_user_info() {
        assertThat(ShownUri.of("https://u:p@h ost/x?token=1")).isEqualTo("https://h ost/x?…");
    }

    @Test
    void a_bad_package_uri_is_refused_without_echoing_its_secret_query() {
        assertThat(BundleDownloader.checkUri("ftp://h/x?token=SECRET")).get()
                .extracting(Object::toString).asString().doesNotContain("SECRET").contains("ftp://h/x?…");
    }
}
