package vn.loa.ota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.ota.release.KeyFiles;

class TrustStoreTest {

    @TempDir Path dir;

    @Test
    void loads_every_pub_file_of_a_folder() throws Exception {
        KeyPair a = ReleaseKeys.generate();
        KeyPair b = ReleaseKeys.generate();
        KeyFiles.write(a, dir, "a");
        KeyFiles.write(b, dir, "b");
        TrustStore t = TrustStore.load(dir);
        assertThat(t.keyIds()).containsExactly(ReleaseKeys.keyId(a.getPublic()), ReleaseKeys.keyId(b.getPublic()));
        assertThat(TrustStore.load(dir.resolve("a.pub")).keyIds()).containsExactly(ReleaseKeys.keyId(a.getPublic()));
    }

    @Test
    void problems_name_the_path() throws Exception {
        assertThatThrownBy(() -> TrustStore.load(dir)).hasMessage(dir + ": no *.pub release key in this folder; nothing can be trusted");
        assertThatThrownBy(() -> TrustStore.load(dir.resolve("x.pub"))).hasMessage(dir.resolve("x.pub") + ": no such trust key file or folder");
        Files.writeString(dir.resolve("bad.pub"), "hello");
        assertThatThrownBy(() -> TrustStore.load(dir)).hasMessage(dir.resolve("bad.pub") + ": expected a PEM '-----BEGIN PUBLIC KEY-----' block");
    }

    @Test
    void a_private_key_file_is_not_accepted_as_a_trust_anchor() throws Exception {
        KeyFiles.write(ReleaseKeys.generate(), dir, "k");
        Files.move(dir.resolve("k.pub"), dir.resolve("k.pub.bak"));
        Files.copy(dir.resolve("k.key"), dir.resolve("k.pub"));
        assertThatThrownBy(() -> TrustStore.load(dir)).hasMessageEndingWith("k.pub: expected a PEM '-----BEGIN PUBLIC KEY-----' block")
                .hasMessageNotContaining("PRIVATE");
    }
}
