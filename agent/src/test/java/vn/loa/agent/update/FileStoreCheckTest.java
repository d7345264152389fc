package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the download folder and the jar store share a file system decides which free space the downloader checks. */
class FileStoreCheckTest {

    @TempDir Path tmp;

    @Test
    void folders_not_made_yet_count_on_the_file_system_of_their_nearest_existing_parent() {
        assertThat(StationUpdates.Builder.sameFileStore(tmp.resolve("var/lib/loa/ota"), tmp.resolve("opt/loa"))).isTrue();
    }

    @Test
    void folders_on_different_file_systems_are_told_apart() {
        assertThat(StationUpdates.Builder.sameFileStore(Path.of("/proc/self"), tmp)).isFalse();
    }
}
