package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.ManualScheduler;

class EmergencyAuthenticatorTest {

    final ManualScheduler time = new ManualScheduler();
    final KeyPair authority;
    final EmergencyAuthenticator auth;
    final List<URI> sources = List.of(URI.create("http://headend.example.vn/storm.mp3"), URI.create("cache:" + "a".repeat(64)));
    final byte[] nonce = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    EmergencyAuthenticatorTest() throws Exception {
        authority = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        auth = new EmergencyAuthenticator(authority.getPublic(), time, Duration.ofHours(24));
    }

    byte[] sign(String id, Instant notAfter, byte[] n) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(authority.getPrivate());
        s.update(EmergencyAuthenticator.canonicalBytes(id, Level.EMERGENCY, sources, "b".repeat(64), notAfter, n));
        return s.sign();
    }

    EmergencyAuthenticator.Verdict verify(String id, Instant notAfter, byte[] n, byte[] sig) {
        return auth.verify(id, Level.EMERGENCY, sources, "b".repeat(64), notAfter, n, sig);
    }

    @Test
    void canonical_bytes_are_exactly_the_documented_text() {
        byte[] b = EmergencyAuthenticator.canonicalBytes("storm-1", Level.EMERGENCY, sources, null,
                Instant.ofEpochSecond(1767578400), new byte[] {0x01, (byte) 0xab});
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("""
                loa-emergency-v1
                id=storm-1
                level=emergency
                sources=2
                source=http://headend.example.vn/storm.mp3
                source=cache:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                sha256=-
                not-after=1767578400
                nonce=01ab
                """);
    }

    @Test
    void a_valid_signature_is_accepted_once_and_its_replay_refused() throws Exception {
        Instant notAfter = time.now().plusSeconds(600);
        assertThat(verify("storm-1", notAfter, nonce, sign("storm-1", notAfter, nonce))).isEqualTo(new EmergencyAuthenticator.Verdict.Accepted());
        assertThat(verify("storm-1", notAfter, nonce, sign("storm-1", notAfter, nonce)))
                .isEqualTo(new EmergencyAuthenticator.Verdict.Refused("nonce 30313233343536373839616263646566 replays item storm-1"));
    }

    @Test
    void an_expired_signature_is_refused_with_both_times() throws Exception {
        Instant notAfter = time.now().plusSeconds(60);
        byte[] sig = sign("storm-2", notAfter, nonce);
        time.advance(Duration.ofSeconds(61));
        assertThat(verify("storm-2", notAfter, nonce, sig)).isEqualTo(new EmergencyAuthenticator.Verdict.Refused(
                "signature expired at 2026-01-05T01:01:00Z (now 2026-01-05T01:01:01Z)"));
    }

    @Test
    void a_changed_field_breaks_the_signature() throws Exception {
        Instant notAfter = time.now().plusSeconds(600);
        byte[] sig = sign("storm-3", notAfter, nonce);
        assertThat(auth.verify("storm-3", Level.EMERGENCY, List.of(URI.create("http://evil.example/x.mp3")), "b".repeat(64),
                notAfter, nonce, sig)).isEqualTo(new EmergencyAuthenticator.Verdict.Refused("signature does not verify with the authority key"));
    }

    @Test
    void a_not_after_too_far_ahead_is_refused() throws Exception {
        Instant notAfter = time.now().plus(Duration.ofDays(3));
        assertThat(verify("storm-4", notAfter, nonce, sign("storm-4", notAfter, nonce)))
                .isEqualTo(new EmergencyAuthenticator.Verdict.Refused("not-after 2026-01-08T01:00:00Z is more than 24 h ahead"));
    }

    @Test
    void a_nonce_is_forgotten_after_its_item_expired() throws Exception {
        Instant notAfter = time.now().plusSeconds(60);
        assertThat(verify("a", notAfter, nonce, sign("a", notAfter, nonce))).isInstanceOf(EmergencyAuthenticator.Verdict.Accepted.class);
        time.advance(Duration.ofSeconds(120));
        Instant later = time.now().plusSeconds(60);
        assertThat(verify("b", later, nonce, sign("b", later, nonce))).isInstanceOf(EmergencyAuthenticator.Verdict.Accepted.class);
    }

    @Test
    void a_short_nonce_or_missing_signature_is_refused() throws Exception {
        Instant notAfter = time.now().plusSeconds(60);
        assertThat(verify("c", notAfter, new byte[4], sign("c", notAfter, new byte[4])))
                .isEqualTo(new EmergencyAuthenticator.Verdict.Refused("nonce must be 8..64 bytes but has 4"));
        assertThat(verify("c", notAfter, nonce, new byte[0]))
                .isEqualTo(new EmergencyAuthenticator.Verdict.Refused("no authority signature"));
    }

    @Test
    void a_replay_after_a_restart_is_refused_from_the_journal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        NonceJournal journal = new NonceJournal(dir.resolve("nonces.json"));
        EmergencyAuthenticator before = new EmergencyAuthenticator(authority.getPublic(), time, Duration.ofHours(24), journal);
        Instant notAfter = time.now().plusSeconds(600);
        byte[] sig = sign("storm-9", notAfter, nonce);
        assertThat(before.verify("storm-9", Level.EMERGENCY, sources, "b".repeat(64), notAfter, nonce, sig))
                .isInstanceOf(EmergencyAuthenticator.Verdict.Accepted.class);
        EmergencyAuthenticator after = new EmergencyAuthenticator(authority.getPublic(), time, Duration.ofHours(24),
                new NonceJournal(dir.resolve("nonces.json")));
        assertThat(after.verify("storm-9", Level.EMERGENCY, sources, "b".repeat(64), notAfter, nonce, sig))
                .isEqualTo(new EmergencyAuthenticator.Verdict.Refused("nonce 30313233343536373839616263646566 replays item storm-9"));
    }

    @Test
    void a_corrupt_journal_starts_empty_and_emergencies_still_play(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("nonces.json"), "{\"nonces\": [{\"nonce\": 7}]");
        NonceJournal journal = new NonceJournal(dir.resolve("nonces.json"));
        assertThat(journal.load()).isEmpty();
        EmergencyAuthenticator a = new EmergencyAuthenticator(authority.getPublic(), time, Duration.ofHours(24), journal);
        Instant notAfter = time.now().plusSeconds(600);
        assertThat(verify("x", notAfter, nonce, sign("x", notAfter, nonce))).isInstanceOf(EmergencyAuthenticator.Verdict.Accepted.class);
        assertThat(a.verify("x", Level.EMERGENCY, sources, "b".repeat(64), notAfter, nonce, sign("x", notAfter, nonce)))
                .isInstanceOf(EmergencyAuthenticator.Verdict.Accepted.class);
        assertThat(journal.load()).extracting(NonceJournal.Entry::itemId).containsExactly("x");
    }

    @Test
    void public_keys_parse_as_raw_or_x509_and_junk_is_named() {
        byte[] x509 = authority.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        assertThat(EmergencyAuthenticator.parsePublicKey(Base64.getEncoder().encodeToString(raw))).isEqualTo(authority.getPublic());
        assertThat(EmergencyAuthenticator.parsePublicKey(Base64.getEncoder().encodeToString(x509))).isEqualTo(authority.getPublic());
        assertThatThrownBy(() -> EmergencyAuthenticator.parsePublicKey(Base64.getEncoder().encodeToString(new byte[10])))
                .hasMessage("authority key is not an Ed25519 public key (raw 32 bytes or X.509 DER, base64) but 10 bytes");
    }
}
