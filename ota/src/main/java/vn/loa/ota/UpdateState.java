package vn.loa.ota;

/** LwM2M Object 5 resource 3 (State), with its wire values. */
public enum UpdateState {
    IDLE(0), DOWNLOADING(1), DOWNLOADED(2), UPDATING(3);

    private final int code;

    UpdateState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
