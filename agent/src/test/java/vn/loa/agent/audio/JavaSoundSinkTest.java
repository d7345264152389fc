package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.CommandLine;

class JavaSoundSinkTest {

    @Test void an_unknown_device_is_refused_naming_it_and_listing_the_devices() {
        JavaSoundSink sink = new JavaSoundSink("no-such-card-42");
        assertThatThrownBy(() -> sink.open(PcmFormat.DEFAULT_OUTPUT))
                .isInstanceOf(AudioSinkException.class)
                .hasMessageStartingWith("sound device 'no-such-card-42' not found or cannot play 48000 Hz stereo; devices: ");
        sink.close();
    }

    @Test void writing_to_a_sink_that_is_not_open_is_an_error_not_a_crash() {
        JavaSoundSink sink = new JavaSoundSink("no-such-card-42");
        assertThatThrownBy(() -> sink.write(new short[4], 2)).hasMessage("sound device 'no-such-card-42' is closed");
    }

    @Test void list_devices_prints_the_devices_or_says_there_are_none() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new CommandLine("./loa", AgentCommands.all()).run(List.of("play", "--list-devices"),
                new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(rc).isZero();
        List<String> devices = JavaSoundSink.listDevices();
        if (devices.isEmpty()) assertThat(out.toString()).isEqualTo("no sound output devices found" + System.lineSeparator());
        else assertThat(out.toString().lines().toList()).isEqualTo(devices);
    }
}
