package vn.loa.ota;

/** LwM2M Object 5 resource 5 (Update Result), with its wire values. */
public enum UpdateResult {
    INITIAL(0), SUCCESS(1), NOT_ENOUGH_STORAGE(2), OUT_OF_MEMORY(3), CONNECTION_LOST(4), INTEGRITY_FAILURE(5),
    UNSUPPORTED_PACKAGE(6), INVALID_URI(7), UPDATE_FAILED(8), UNSUPPORTED_PROTOCOL(9);

    private final int code;

    UpdateResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
