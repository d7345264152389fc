package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.json.ConfigException;

class Lwm2mSecretsTest {

    static final String KEY = "00112233445566778899aabbccddeeff";

    @TempDir Path dir;

    Path file(String json, String mode) throws Exception {
        Path f = dir.resolve("s.json");
        Files.writeString(f, json);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void reads_a_psk_and_never_shows_it() throws Exception {
        Lwm2mSecrets s = Lwm2mSecrets.read(file("{\"pskIdentity\": \"id-7\", \"pskKey\": \"" + KEY + "\"}", "rw-------"), SecurityMode.PSK);
        assertThat(s.pskIdentity()).isEqualTo("id-7");
        assertThat(s.pskKey()).hasSize(16);
        assertThat(s.toString()).isEqualTo("Lwm2mSecrets[psk identity=id-7, key=(hidden)]").doesNotContain(KEY);
    }

    @Test
    void a_secrets_file_others_can_read_is_refused() throws Exception {
        Path f = file("{\"pskIdentity\": \"id-7\", \"pskKey\": \"" + KEY + "\"}", "rw-r--r--");
        assertThatThrownBy(() -> Lwm2mSecrets.read(f, SecurityMode.PSK)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": is readable by others (mode rw-r--r--); it holds the station's keys: run 'chmod 600 " + f
                        + "'; the agent does not start until then (amplifiers stay off)");
    }

    @Test
    void a_malformed_key_is_named_without_quoting_it() throws Exception {
        Path f = file("{\"pskIdentity\": \"id-7\", \"pskKey\": \"zz-secret-zz\"}", "rw-------");
        assertThatThrownBy(() -> Lwm2mSecrets.read(f, SecurityMode.PSK))
                .hasMessage(f + ": pskKey must be hex digits (the value is not shown)")
                .message().doesNotContain("zz-secret-zz");
    }

    @Test
    void a_short_key_is_refused() throws Exception {
        Path f = file("{\"pskIdentity\": \"id-7\", \"pskKey\": \"0011\"}", "rw-------");
        assertThatThrownBy(() -> Lwm2mSecrets.read(f, SecurityMode.PSK))
                .hasMessage(f + ": pskKey must be 16-64 bytes (32-128 hex digits) but has 2 bytes");
    }
}
