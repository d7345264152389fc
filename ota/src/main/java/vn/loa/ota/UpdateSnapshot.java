package vn.loa.ota;

import java.util.Optional;

/**
 * What Object 5 (and Object 3's firmware version) shows at one moment.
 *
 * @param state            Object 5 State
 * @param result           Object 5 Update Result
 * @param packageUri       the Package URI last written ("" when none)
 * @param detail           a person-readable line: why it failed, why activation waits, what rolled back
 * @param pendingVersion   the downloaded or trial version, if any
 * @param committedVersion the version of the committed slot (Object 3 Firmware Version)
 */
public record UpdateSnapshot(UpdateState state, UpdateResult result, String packageUri, String detail,
                             Optional<String> pendingVersion, String committedVersion) {
}
