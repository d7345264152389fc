package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class DiagnosticsTest {

    private final ManualScheduler time = new ManualScheduler();

    private static Check check(String name, CheckResult r) {
        return new Check() {
            @Override public String name() { return name; }
            @Override public CheckResult run() { return r; }
        };
    }

    @Test
    void the_exit_code_follows_the_worst_result() {
        Diagnostics d = new Diagnostics(time, Duration.ofSeconds(5));
        CheckResult ok = CheckResult.pass("fine");
        CheckResult warn = CheckResult.warn("meh", "cause", "remedy");
        CheckResult fail = CheckResult.fail("bad", "cause", "remedy");
        assertThat(d.run(List.of(check("a", ok), check("b", ok))).exitCode()).isZero();
        assertThat(d.run(List.of(check("a", ok), check("b", warn))).exitCode()).isEqualTo(3);
        assertThat(d.run(List.of(check("a", fail), check("b", warn))).exitCode()).isEqualTo(1);
        assertThat(d.run(List.of()).exitCode()).isZero();
    }

    @Test
    void lines_give_status_name_detail_cause_and_remedy() {
        DiagnoseReport r = new Diagnostics(time, Duration.ofSeconds(5)).run(List.of(
                check("config", CheckResult.pass("/etc/loa/config.json is valid")),
                check("amplifier", CheckResult.fail("fault input active", "amplifier overheated or shorted",
                        "check fan and speaker line"))));
        assertThat(r.lines()).containsExactly(
                "PASS config     /etc/loa/config.json is valid",
                "FAIL amplifier  fault input active: amplifier overheated or shorted -> check fan and speaker line, "
                        + "then 'loa diagnose' again");
        assertThat(r.summary()).isEqualTo("1 failed, 0 warning(s), 1 passed: this receiver needs attention.");
        assertThat(r.at()).isEqualTo(time.now());
    }

    @Test
    void a_check_that_throws_fails_naming_the_error_and_the_run_goes_on() {
        Check broken = new Check() {
            @Override public String name() { return "broken"; }
            @Override public CheckResult run() { throw new IllegalStateException("no such line 41"); }
        };
        DiagnoseReport r = new Diagnostics(time, Duration.ofSeconds(5)).run(List.of(broken, check("next", CheckResult.pass("ok"))));
        assertThat(r.entries().get(0).result().status()).isEqualTo(Status.FAIL);
        assertThat(r.entries().get(0).result().detail())
                .isEqualTo("the check itself failed: java.lang.IllegalStateException: no such line 41");
        assertThat(r.entries().get(1).result().status()).isEqualTo(Status.PASS);
    }

    @Test
    void a_check_that_hangs_fails_after_the_timeout() {
        CountDownLatch never = new CountDownLatch(1);
        Check hangs = new Check() {
            @Override public String name() { return "hangs"; }
            @Override public CheckResult run() throws InterruptedException {
                never.await();
                return CheckResult.pass("unreachable");
            }
        };
        DiagnoseReport r = new Diagnostics(time, Duration.ofMillis(100)).run(List.of(hangs));
        assertThat(r.entries().get(0).result().detail()).isEqualTo("no answer within 100 ms");
        assertThat(r.worst()).isEqualTo(Status.FAIL);
    }

    @Test
    void a_warning_or_failure_without_cause_or_remedy_is_refused() {
        assertThatThrownBy(() -> CheckResult.fail("bad", "", "do something"))
                .hasMessage("FAIL 'bad' needs a likely cause and a remedy");
    }
}
