package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderTest {

    @TempDir Path dir;

    /** Decodes everything and resamples to 48 kHz stereo; returns the left channel. */
    static short[] decodeAll(InputStream in, String ct, int[] corrupt) throws IOException {
        Resampler r = new Resampler(PcmFormat.DEFAULT_OUTPUT);
        short[] all = new short[0];
        int n = 0;
        try (PcmDecoder d = PcmDecoder.open(in, ct, "test")) {
            PcmChunk c;
            while ((c = d.next()) != null) {
                short[] o = r.convert(c);
                if (n + o.length / 2 > all.length) all = Arrays.copyOf(all, Math.max(all.length * 2, n + o.length / 2));
                for (int i = 0; i < o.length / 2; i++) all[n++] = o[2 * i];
            }
            if (corrupt != null) corrupt[0] = d.corruptFrames();
        }
        return Arrays.copyOf(all, n);
    }

    static void assertTone(short[] s, double hz, double seconds) {
        assertThat(s.length).isBetween((int) (48_000 * (seconds - 0.1)), (int) (48_000 * (seconds + 0.1)));
        int mid = s.length / 2;
        assertThat(ToneAnalysis.zeroCrossingHz(s, mid - 24_000, 48_000, 48_000)).isCloseTo(hz, org.assertj.core.data.Offset.offset(hz * 0.01));
        double on = ToneAnalysis.goertzel(s, mid - 9600, 9600, 48_000, hz);
        double off = ToneAnalysis.goertzel(s, mid - 9600, 9600, 48_000, hz * 1.5);
        assertThat(on).isGreaterThan(off * 1000);
    }

    @Test void wav_44k1_mono_comes_out_as_the_same_tone_at_48k_stereo() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 1, 1000, 0.5, 2);
        short[] s = decodeAll(Files.newInputStream(w), "", null);
        assertTone(s, 1000, 2);
        assertThat(ToneAnalysis.rms(s, 24_000, 48_000)).isCloseTo(0.5 / Math.sqrt(2), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test void mp3_decodes_to_the_tone_that_was_encoded() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 3);
        Path mp3 = Tones.ffmpeg(w, dir.resolve("t.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k");
        int[] corrupt = new int[1];
        short[] s = decodeAll(Files.newInputStream(mp3), "audio/mpeg", corrupt);
        assertTone(s, 1000, 3);
        assertThat(corrupt[0]).isZero();
    }

    @Test void opus_in_ogg_decodes_to_the_tone_that_was_encoded() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 3);
        Path opus = Tones.ffmpeg(w, dir.resolve("t.opus"), "-codec:a", "libopus", "-b:a", "64k");
        short[] s = decodeAll(Files.newInputStream(opus), "audio/ogg", null);
        assertTone(s, 1000, 3);
    }

    @Test void truncated_mp3_plays_what_is_there_and_ends_cleanly() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 3);
        byte[] mp3 = Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("t.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k"));
        byte[] cut = Arrays.copyOf(mp3, mp3.length / 2 + 123);
        short[] s = decodeAll(new ByteArrayInputStream(cut), "audio/mpeg", null);
        assertThat(s.length).isBetween(48_000, 96_000);
    }

    @Test void garbage_in_the_middle_of_an_mp3_is_skipped_counted_and_decoding_goes_on() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 4);
        byte[] mp3 = Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("t.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k"));
        java.util.Random r = new java.util.Random(42);
        for (int i = mp3.length / 2; i < mp3.length / 2 + 3000; i++) mp3[i] = (byte) r.nextInt(256);
        int[] corrupt = new int[1];
        short[] s = decodeAll(new ByteArrayInputStream(mp3), "audio/mpeg", corrupt);
        assertThat(s.length).isGreaterThan((int) (48_000 * 3.5));
        assertThat(corrupt[0]).as("corrupt frames counted").isGreaterThan(0);
        int tail = s.length - 48_000;
        assertThat(ToneAnalysis.zeroCrossingHz(s, tail - 24_000, 24_000, 48_000)).isCloseTo(1000, org.assertj.core.data.Offset.offset(10.0));
    }

    /** A 2 s MP3 of bare frames (no ID3 tag, no Xing frame), and the offsets where its frames start. */
    byte[] bareMp3(java.util.List<Integer> frameStarts) throws Exception {
        Path w = Tones.wav(dir.resolve("b.wav"), 44_100, 2, 1000, 0.5, 2);
        byte[] mp3 = Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("b.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k",
                "-id3v2_version", "0", "-write_xing", "0"));
        for (int at = 0; at + 4 <= mp3.length; ) {
            int size = Mp3FrameFilter.frameBytes(java.nio.ByteBuffer.wrap(mp3, at, 4).getInt());
            assertThat(size).as("frame at " + at).isPositive();
            frameStarts.add(at);
            at += size;
        }
        return mp3;
    }

    static byte[] insert(byte[] into, int at, byte[] what) {
        return java.nio.ByteBuffer.allocate(into.length + what.length).put(into, 0, at).put(what)
                .put(into, at, into.length - at).array();
    }

    @Test void bytes_between_mp3_frames_are_counted_exactly_and_every_frame_still_plays() throws Exception {
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        byte[] mp3 = bareMp3(starts);
        try (Mp3Decoder d = new Mp3Decoder(new ByteArrayInputStream(mp3), "test")) {
            while (d.next() != null) { }
            assertThat(d.corruptFrames()).isZero();
            assertThat(d.skippedBytes()).isZero();
        }
        byte[] junk = new byte[1000];
        new java.util.Random(3).nextBytes(junk);
        byte[] broken = insert(mp3, starts.get(40), junk);
        try (Mp3Decoder d = new Mp3Decoder(new ByteArrayInputStream(broken), "test")) {
            int frames = 0;
            PcmChunk c;
            while ((c = d.next()) != null) frames += c.frames();
            assertThat(d.skippedBytes()).isEqualTo(1000);
            assertThat(d.corruptFrames()).isEqualTo(1000 / 417); // 128 kb/s at 44.1 kHz: 417-418 byte frames
            assertThat(frames).isEqualTo(starts.size() * 1152);
        }
    }

    @Test void a_stream_joined_mid_frame_and_a_trailing_id3v1_tag_are_not_corruption() throws Exception {
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        byte[] mp3 = bareMp3(starts);
        byte[] tag = new byte[128];
        tag[0] = 'T';
        tag[1] = 'A';
        tag[2] = 'G';
        byte[] joined = Arrays.copyOfRange(mp3, starts.get(5) - 100, mp3.length);
        byte[] tagged = insert(joined, joined.length, tag);
        try (Mp3Decoder d = new Mp3Decoder(new ByteArrayInputStream(tagged), "test")) {
            while (d.next() != null) { }
            assertThat(d.corruptFrames()).isZero();
            assertThat(d.skippedBytes()).isZero();
        }
    }

    @Test void a_truncated_last_mp3_frame_is_counted() throws Exception {
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        byte[] mp3 = bareMp3(starts);
        byte[] cut = Arrays.copyOf(mp3, starts.get(starts.size() - 1) + 100);
        try (Mp3Decoder d = new Mp3Decoder(new ByteArrayInputStream(cut), "test")) {
            while (d.next() != null) { }
            assertThat(d.corruptFrames()).isEqualTo(1);
            assertThat(d.skippedBytes()).isEqualTo(100);
        }
    }

    @Test void corrupt_ogg_page_is_skipped_and_counted() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 3);
        byte[] opus = Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("t.opus"), "-codec:a", "libopus", "-b:a", "64k"));
        opus[opus.length / 2] ^= 0x55;
        int[] corrupt = new int[1];
        short[] s = decodeAll(new ByteArrayInputStream(opus), "audio/ogg", corrupt);
        assertThat(corrupt[0]).isGreaterThanOrEqualTo(1);
        assertThat(s.length).isGreaterThan(48_000 * 2);
    }

    @Test void html_page_is_refused_naming_content_type_and_first_bytes() {
        byte[] html = "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decodeAll(new ByteArrayInputStream(html), "text/html; charset=utf-8", null))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("test: is not audio but 'text/html; charset=utf-8', starting '<!DOCTYPE html><html><body>502 Bad Gatew'");
    }

    @Test void unknown_binary_is_refused_with_its_first_bytes_in_hex() {
        byte[] junk = {0x00, 0x01, 0x02, 0x03, (byte) 0x80, (byte) 0x90, 0x10, 0x11, 0x12};
        assertThatThrownBy(() -> decodeAll(new ByteArrayInputStream(junk), "", null))
                .hasMessageStartingWith("test: unknown audio format starting with bytes 00 01 02 03 80 90 10 11");
    }

    /** An ADTS header (MPEG-4 AAC LC, 44.1 kHz, stereo, 371-byte frame) followed by frame bytes. */
    static byte[] adtsFrame() {
        byte[] f = new byte[371];
        byte[] h = {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80, 0x2E, 0x7F, (byte) 0xFC};
        System.arraycopy(h, 0, f, 0, h.length);
        for (int i = h.length; i < f.length; i++) f[i] = (byte) (i * 37);
        return f;
    }

    @Test void an_adts_header_is_aac_not_an_mp3_frame_sync() {
        byte[] adts = adtsFrame();
        assertThat(PcmDecoder.isAdts(adts)).isTrue();
        assertThat(PcmDecoder.isMpegAudioSync(java.util.Arrays.copyOf(adts, 7))).isFalse();
        byte[] mp3 = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64, 0, 0, 0}; // MPEG-1 layer III, 128 kb/s, 44.1 kHz
        assertThat(PcmDecoder.isMpegAudioSync(mp3)).isTrue();
        assertThat(PcmDecoder.isAdts(mp3)).isFalse();
        assertThat(PcmDecoder.ffmpegFormat(adts, "audio/mpeg")).isEqualTo("AAC (ADTS)");
        assertThat(PcmDecoder.ffmpegFormat(mp3, "audio/mpeg")).isNull();
        assertThat(PcmDecoder.ffmpegFormat(new byte[0], "audio/aacp")).isEqualTo("AAC");
        assertThat(PcmDecoder.ffmpegFormat(new byte[0], "application/vnd.apple.mpegurl")).isEqualTo("an HLS playlist");
        assertThat(PcmDecoder.ffmpegFormat("#EXTM3U\n#EXT-X-VERSION:3\n".getBytes(StandardCharsets.US_ASCII), ""))
                .isEqualTo("an HLS playlist");
    }

    @Test void adts_bytes_are_refused_as_aac_instead_of_going_to_the_mp3_decoder() {
        byte[] adts = adtsFrame();
        assertThatThrownBy(() -> decodeAll(new ByteArrayInputStream(adts), "audio/aacp", null))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("test: is AAC (ADTS) ('audio/aacp'), which only ffmpeg decodes; this source was not handed to ffmpeg");
    }

    @Test void real_aac_from_ffmpeg_is_recognised_by_its_first_bytes_and_a_file_of_it_goes_to_ffmpeg() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 1);
        Path aac = Tones.ffmpeg(w, dir.resolve("t.adts"), "-c:a", "aac", "-f", "adts");
        byte[] head = Arrays.copyOf(Files.readAllBytes(aac), PcmDecoder.SNIFF_BYTES);
        assertThat(PcmDecoder.ffmpegFormat(head, "")).isEqualTo("AAC (ADTS)");
        assertThat(SourceResolver.sniff(aac)).isEqualTo("AAC (ADTS)");
        SourceResolver r = new SourceResolver(AudioConfig.builder().cacheDir(dir).build(),
                vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM), new java.util.Random(1));
        assertThat(r.resolve(java.util.List.of(aac.toUri()), null)).isInstanceOf(FfmpegSource.class);
        assertThat(r.resolve(java.util.List.of(w.toUri()), null)).isInstanceOf(FileSource.class);
    }

    @Test void resampler_keeps_phase_across_chunk_boundaries() {
        Resampler one = new Resampler(PcmFormat.DEFAULT_OUTPUT);
        Resampler split = new Resampler(PcmFormat.DEFAULT_OUTPUT);
        PcmFormat in = new PcmFormat(44_100, 1);
        short[] s = new short[4410];
        for (int i = 0; i < s.length; i++) s[i] = (short) (10000 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
        short[] whole = one.convert(new PcmChunk(s, s.length, in));
        short[] a = split.convert(new PcmChunk(Arrays.copyOfRange(s, 0, 1000), 1000, in));
        short[] b = split.convert(new PcmChunk(Arrays.copyOfRange(s, 1000, 4410), 3410, in));
        short[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertThat(joined.length).isEqualTo(whole.length);
        for (int i = 0; i < whole.length; i++) assertThat(Math.abs(joined[i] - whole[i])).isLessThanOrEqualTo(1);
    }

    @Test void chained_ogg_opus_streams_play_one_after_the_other() throws Exception {
        Path a = Tones.ffmpeg(Tones.wav(dir.resolve("a.wav"), 48_000, 2, 1000, 0.5, 2), dir.resolve("a.opus"), "-codec:a", "libopus");
        Path b = Tones.ffmpeg(Tones.wav(dir.resolve("b.wav"), 48_000, 1, 2000, 0.5, 2), dir.resolve("b.opus"), "-codec:a", "libopus");
        byte[] chained = java.nio.ByteBuffer.allocate((int) (Files.size(a) + Files.size(b)))
                .put(Files.readAllBytes(a)).put(Files.readAllBytes(b)).array();
        short[] s = decodeAll(new ByteArrayInputStream(chained), "audio/ogg", null);
        assertThat(s.length).isBetween(48_000 * 4 - 4800, 48_000 * 4 + 4800);
        assertThat(ToneAnalysis.zeroCrossingHz(s, 24_000, 48_000, 48_000)).isCloseTo(1000, org.assertj.core.data.Offset.offset(5.0));
        assertThat(ToneAnalysis.zeroCrossingHz(s, s.length - 72_000, 48_000, 48_000)).isCloseTo(2000, org.assertj.core.data.Offset.offset(10.0));
    }
}
