package vn.loa.agent.audio;

/**
 * What a source has been through: connections, reconnects, the URL in use, the ICY title, the last error.
 * Written by the fetch thread, read by anyone (status, CLI, tests).
 */
public final class FetchStats {
    private volatile int connects;
    private volatile int reconnects;
    private volatile int failovers;
    private volatile String currentUrl = "";
    private volatile String title = "";
    private volatile String lastError = "";
    private volatile long bytes;

    public int connects() { return connects; }
    /** Connections made after the first one (after a drop, a stall or a failover). */
    public int reconnects() { return reconnects; }
    /** Times the source switched to a URL other than the one it was on. */
    public int failovers() { return failovers; }
    public String currentUrl() { return currentUrl; }
    /** The ICY StreamTitle, or empty. */
    public String title() { return title; }
    public String lastError() { return lastError; }
    public long bytes() { return bytes; }

    void connected(String url) {
        if (connects > 0) reconnects++;
        if (!currentUrl.isEmpty() && !currentUrl.equals(url)) failovers++;
        connects++;
        currentUrl = url;
    }

    void title(String t) { title = t; }
    void error(String e) { lastError = e; }
    void addBytes(int n) { bytes += n; }
}
