package vn.loa.agent.lwm2m;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code lwm2m} section of {@code loa.json}: who the station is to its LwM2M server, where that server is,
 * how the link is secured and how often the station talks. Secrets (PSK, private keys) are not here: they live in
 * {@link #secretsFile()} (mode 0600), read by {@link Lwm2mSecrets#read(Path)}.
 *
 * <p>Defaults (see docs/lwm2m.md for the reasoning): security {@code psk}; lifetime 300 s; update period 25 s (the
 * registration update doubles as the NAT keep-alive: mobile carriers drop idle UDP mappings after 30-180 s, so 25 s
 * keeps the shortest ones open and lets the headend reach the station within seconds, at 159 B per update with the
 * server's DTLS connection ID, about 16.6 MB a month as measured in docs/performance.md; raise it where the carrier's
 * timeout is known to be longer); request
 * timeout 30 s; re-registration back-off 5 s doubling to 600 s; connection ID length 0 (the station understands CIDs
 * and the server's CID survives NAT rebinding; the station needs none of its own); cipher suites
 * {@link #DEFAULT_PSK_CIPHER_SUITES} or {@link #DEFAULT_RPK_CIPHER_SUITES}; DTLS retransmission 2 s, 4 times;
 * emergency signatures not required; signed items valid at most 24 h; nonces kept in
 * {@code /var/lib/loa/lwm2m-nonces.json}.
 *
 * @param endpoint               the LwM2M endpoint name, unique in the fleet
 * @param serverUri              {@code coaps://host:port} (or {@code coap://} with NoSec), of the bootstrap server
 *                               when {@code bootstrap} is on
 * @param bootstrap              ask a bootstrap server for the device-management server
 * @param security               the DTLS mode
 * @param allowNoSec             NoSec is refused without it; {@code LoaConfig} accepts it only on the simulated board
 * @param secretsFile            the 0600 file with the PSK or private key
 * @param lifetime               registration lifetime announced to the server
 * @param updatePeriod           time between registration updates (also the NAT keep-alive); less than lifetime
 * @param requestTimeout         how long a register/update waits for its answer before the session is redone
 * @param retryMin               first wait before re-registering after a failure
 * @param retryMax               the longest wait between re-registration attempts
 * @param connectionIdLength     length of the CID the station asks the server to use towards it (0 = none, CID
 *                               still supported)
 * @param cipherSuites           DTLS cipher suites, Californium names, in preference order
 * @param dtlsRetransmission     first DTLS handshake retransmission timeout
 * @param dtlsMaxRetransmissions how often a handshake flight is resent before the handshake fails
 * @param boardProfile           the board profile name (the Device object's model number when no {@code DeviceInfo}
 *                               is given, as in {@code ./loa provision --check}; {@code loa run} reports
 *                               loa.json's {@code board.profile}, which provision sets to the same name)
 * @param location               where the station stands, from provisioning, if known
 * @param requireSignedEmergency refuse EMERGENCY broadcast items without a valid authority signature
 * @param authorityPublicKey     the authority's Ed25519 public key (base64 of the raw 32 bytes or of X.509 DER)
 * @param signatureMaxValidity   the furthest in the future a signed item's not-after may lie
 * @param nonceFile              where accepted emergency nonces are kept across restarts
 */
public record Lwm2mConfig(String endpoint, URI serverUri, boolean bootstrap, SecurityMode security, boolean allowNoSec,
                          Path secretsFile, Duration lifetime, Duration updatePeriod, Duration requestTimeout,
                          Duration retryMin, Duration retryMax, int connectionIdLength, List<String> cipherSuites,
                          Duration dtlsRetransmission, int dtlsMaxRetransmissions, String boardProfile,
                          Optional<Location> location, boolean requireSignedEmergency,
                          Optional<String> authorityPublicKey, Duration signatureMaxValidity, Path nonceFile) {

    /** RFC 7925 / LwM2M mandatory CCM_8 first, then GCM. */
    public static final List<String> DEFAULT_PSK_CIPHER_SUITES =
            List.of("TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256");
    public static final List<String> DEFAULT_RPK_CIPHER_SUITES =
            List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    public static final Path DEFAULT_SECRETS_FILE = Path.of("/var/lib/loa/lwm2m-secrets.json");
    public static final Path DEFAULT_NONCE_FILE = Path.of("/var/lib/loa/lwm2m-nonces.json");
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
    public static final Duration DEFAULT_UPDATE_PERIOD = Duration.ofSeconds(25);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(600);
    public static final Duration DEFAULT_DTLS_RETRANSMISSION = Duration.ofSeconds(2);
    public static final int DEFAULT_DTLS_MAX_RETRANSMISSIONS = 4;
    public static final Duration DEFAULT_SIGNATURE_MAX_VALIDITY = Duration.ofHours(24);

    private static final String ENDPOINT_PATTERN = "[A-Za-z0-9._:-]{1,64}";

    /** Where the station stands. {@code measuredAt} is when the position was taken (provisioning time). */
    public record Location(double latitude, double longitude, Optional<Double> altitude, Instant measuredAt) {
        public Location {
            if (latitude < -90 || latitude > 90) throw new IllegalArgumentException("latitude " + latitude + " outside -90..90");
            if (longitude < -180 || longitude > 180) throw new IllegalArgumentException("longitude " + longitude + " outside -180..180");
            Objects.requireNonNull(altitude, "altitude");
            Objects.requireNonNull(measuredAt, "measuredAt");
        }
    }

    public Lwm2mConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(secretsFile, "secretsFile");
        Objects.requireNonNull(nonceFile, "nonceFile");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(authorityPublicKey, "authorityPublicKey");
        Objects.requireNonNull(boardProfile, "boardProfile");
        if (!endpoint.matches(ENDPOINT_PATTERN)) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must be 1-64 of A-Z a-z 0-9 . _ : -");
        }
        String scheme = serverUri.getScheme();
        if (!"coaps".equals(scheme) && !"coap".equals(scheme) || serverUri.getHost() == null) {
            throw new IllegalArgumentException("serverUri '" + serverUri + "' must be coaps://HOST[:PORT] (or coap:// with nosec)");
        }
        if (security == SecurityMode.NOSEC && !allowNoSec) {
            throw new IllegalArgumentException(NOSEC_REFUSED);
        }
        if ((security == SecurityMode.NOSEC) != "coap".equals(scheme)) {
            throw new IllegalArgumentException("serverUri '" + serverUri + "' does not match security " + security.lower()
                    + ": use coaps:// with psk or rpk, coap:// only with nosec");
        }
        positive("lifetime", lifetime, Duration.ofSeconds(30), Duration.ofDays(1));
        positive("updatePeriod", updatePeriod, Duration.ofSeconds(1), lifetime.minusSeconds(1));
        positive("requestTimeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        positive("retryMin", retryMin, Duration.ofMillis(10), Duration.ofHours(1));
        positive("retryMax", retryMax, retryMin, Duration.ofDays(1));
        positive("dtlsRetransmission", dtlsRetransmission, Duration.ofMillis(50), Duration.ofSeconds(60));
        positive("signatureMaxValidity", signatureMaxValidity, Duration.ofMinutes(1), Duration.ofDays(30));
        if (connectionIdLength < 0 || connectionIdLength > 16) {
            throw new IllegalArgumentException("connectionIdLength " + connectionIdLength + " outside 0..16");
        }
        if (dtlsMaxRetransmissions < 0 || dtlsMaxRetransmissions > 10) {
            throw new IllegalArgumentException("dtlsMaxRetransmissions " + dtlsMaxRetransmissions + " outside 0..10");
        }
        cipherSuites = List.copyOf(cipherSuites == null || cipherSuites.isEmpty()
                ? (security == SecurityMode.RPK ? DEFAULT_RPK_CIPHER_SUITES : DEFAULT_PSK_CIPHER_SUITES) : cipherSuites);
        for (String c : cipherSuites) {
            if (CipherSuite.getTypeByName(c) == null) {
                throw new IllegalArgumentException("cipher suite '" + c + "' is not known (e.g. " + DEFAULT_PSK_CIPHER_SUITES.get(0) + ")");
            }
        }
        if (requireSignedEmergency && authorityPublicKey.isEmpty()) {
            throw new IllegalArgumentException("requireSignedEmergency is on but no authorityPublicKey is set: emergencies could never play");
        }
        authorityPublicKey.ifPresent(EmergencyAuthenticator::parsePublicKey);
    }

    static final String NOSEC_REFUSED = "security 'nosec' would send commands and status unencrypted and unauthenticated "
            + "(hostile audio was aired through unprotected control in 2016); it is allowed only with allowNoSec=true on "
            + "the simulated board or in tests; the agent does not start (amplifiers stay off)";

    private static void positive(String name, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " " + d.toMillis() + " ms outside " + min.toMillis() + ".." + max.toMillis() + " ms");
        }
    }

    /** A config with every default, for {@code endpoint} and {@code serverUri}; change it with {@link #toBuilder()}. */
    public static Builder builder(String endpoint, URI serverUri) {
        return new Builder(endpoint, serverUri);
    }

    public Builder toBuilder() {
        Builder b = new Builder(endpoint, serverUri);
        b.bootstrap = bootstrap;
        b.security = security;
        b.allowNoSec = allowNoSec;
        b.secretsFile = secretsFile;
        b.lifetime = lifetime;
        b.updatePeriod = updatePeriod;
        b.requestTimeout = requestTimeout;
        b.retryMin = retryMin;
        b.retryMax = retryMax;
        b.connectionIdLength = connectionIdLength;
        b.cipherSuites = cipherSuites;
        b.dtlsRetransmission = dtlsRetransmission;
        b.dtlsMaxRetransmissions = dtlsMaxRetransmissions;
        b.boardProfile = boardProfile;
        b.location = location;
        b.requireSignedEmergency = requireSignedEmergency;
        b.authorityPublicKey = authorityPublicKey;
        b.signatureMaxValidity = signatureMaxValidity;
        b.nonceFile = nonceFile;
        return b;
    }

    /**
     * Reads the {@code lwm2m} section ({@code section} is the object under that key). Unknown keys, wrong types,
     * bad values and NoSec without {@code allowNoSec} all become problems naming their JSON path; they are thrown
     * together.
     */
    public static Lwm2mConfig from(JsonNode section) throws ConfigException {
        JsonNode.Problems p = section.problems();
        int before = p.all().size();
        String endpoint = section.requiredString("endpoint");
        if (!endpoint.isEmpty() && !endpoint.matches(ENDPOINT_PATTERN)) {
            section.problem("endpoint", "'" + endpoint + "' must be 1-64 of A-Z a-z 0-9 . _ : -");
        }
        String uriText = section.requiredString("serverUri");
        URI uri = null;
        if (!uriText.isEmpty()) {
            try {
                uri = new URI(uriText);
                if (!"coaps".equals(uri.getScheme()) && !"coap".equals(uri.getScheme()) || uri.getHost() == null) {
                    section.problem("serverUri", "'" + uriText + "' must be coaps://HOST[:PORT]");
                    uri = null;
                }
            } catch (java.net.URISyntaxException e) {
                section.problem("serverUri", "'" + uriText + "' is not a URI: " + e.getReason());
            }
        }
        Builder b = new Builder(endpoint, uri);
        b.bootstrap = section.bool("bootstrap", false);
        b.security = section.parsed("security", SecurityMode.PSK, SecurityMode::parse);
        b.allowNoSec = section.bool("allowNoSec", false);
        if (b.security == SecurityMode.NOSEC && !b.allowNoSec) section.problem("security", NOSEC_REFUSED);
        if (uri != null && (b.security == SecurityMode.NOSEC) != "coap".equals(uri.getScheme())) {
            section.problem("serverUri", "'" + uriText + "' does not match security " + b.security.lower()
                    + ": use coaps:// with psk or rpk, coap:// only with nosec");
        }
        b.secretsFile = Path.of(section.string("secretsFile", DEFAULT_SECRETS_FILE.toString()));
        b.nonceFile = Path.of(section.string("nonceFile", DEFAULT_NONCE_FILE.toString()));
        b.lifetime = Duration.ofSeconds(section.integer("lifetimeSeconds", DEFAULT_LIFETIME.toSeconds(), 30, 86_400));
        b.updatePeriod = Duration.ofSeconds(section.integer("updatePeriodSeconds", DEFAULT_UPDATE_PERIOD.toSeconds(), 1, 86_399));
        if (b.updatePeriod.compareTo(b.lifetime) >= 0) {
            section.problem("updatePeriodSeconds", b.updatePeriod.toSeconds() + " must be less than lifetimeSeconds "
                    + b.lifetime.toSeconds() + " or the registration would expire between updates");
        }
        b.requestTimeout = Duration.ofMillis(section.integer("requestTimeoutMillis", DEFAULT_REQUEST_TIMEOUT.toMillis(), 100, 300_000));
        b.retryMin = Duration.ofMillis(section.integer("retryMinMillis", DEFAULT_RETRY_MIN.toMillis(), 10, 3_600_000));
        b.retryMax = Duration.ofMillis(section.integer("retryMaxMillis", DEFAULT_RETRY_MAX.toMillis(), 10, 86_400_000));
        if (b.retryMax.compareTo(b.retryMin) < 0) {
            section.problem("retryMaxMillis", b.retryMax.toMillis() + " is less than retryMinMillis " + b.retryMin.toMillis());
        }
        b.connectionIdLength = section.intValue("connectionIdLength", 0, 0, 16);
        List<String> suites = new ArrayList<>();
        for (JsonNode n : section.array("cipherSuites")) {
            n.asString().ifPresent(s -> {
                if (CipherSuite.getTypeByName(s) == null) {
                    n.problem(null, "'" + s + "' is not a known cipher suite (e.g. " + DEFAULT_PSK_CIPHER_SUITES.get(0) + ")");
                } else {
                    suites.add(s);
                }
            });
        }
        b.cipherSuites = suites;
        b.dtlsRetransmission = Duration.ofMillis(section.integer("dtlsRetransmissionMillis", DEFAULT_DTLS_RETRANSMISSION.toMillis(), 50, 60_000));
        b.dtlsMaxRetransmissions = section.intValue("dtlsMaxRetransmissions", DEFAULT_DTLS_MAX_RETRANSMISSIONS, 0, 10);
        b.boardProfile = section.string("boardProfile", "unknown");
        if (section.has("location")) {
            JsonNode loc = section.object("location");
            double lat = loc.number("latitude", Double.NaN, -90, 90);
            double lon = loc.number("longitude", Double.NaN, -180, 180);
            if (!loc.has("latitude")) loc.problem("latitude", "is required");
            if (!loc.has("longitude")) loc.problem("longitude", "is required");
            Optional<Double> alt = loc.has("altitude") ? Optional.of(loc.number("altitude", 0, -500, 9000)) : Optional.empty();
            Instant at = loc.parsed("measuredAt", Instant.EPOCH, s -> {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("is not an ISO-8601 instant such as 2026-01-05T01:00:00Z");
                }
            });
            loc.rejectUnknownKeys();
            if (!Double.isNaN(lat) && !Double.isNaN(lon)) b.location = Optional.of(new Location(lat, lon, alt, at));
        }
        b.requireSignedEmergency = section.bool("requireSignedEmergency", false);
        b.authorityPublicKey = section.optString("authorityPublicKey");
        b.authorityPublicKey.ifPresent(k -> {
            try {
                EmergencyAuthenticator.parsePublicKey(k);
            } catch (IllegalArgumentException e) {
                section.problem("authorityPublicKey", e.getMessage());
            }
        });
        if (b.requireSignedEmergency && b.authorityPublicKey.isEmpty()) {
            section.problem("requireSignedEmergency", "is on but no authorityPublicKey is set: emergencies could never play");
        }
        b.signatureMaxValidity = Duration.ofSeconds(section.integer("signatureMaxValiditySeconds",
                DEFAULT_SIGNATURE_MAX_VALIDITY.toSeconds(), 60, 30L * 86_400));
        section.rejectUnknownKeys();
        if (p.all().size() > before || uri == null) {
            if (p.all().size() == before) section.problem("serverUri", "is missing or invalid");
            throw new ConfigException(p.all().subList(before, p.all().size()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            section.problem("", e.getMessage());
            throw new ConfigException(p.all().subList(before, p.all().size()));
        }
    }

    /**
     * Reads a file holding {@code {"lwm2m": {...}}}: the fragment {@code ./loa provision} writes ({@code lwm2m.json}),
     * or a whole loa.json when only this section is wanted (other top-level keys are left to their owners).
     */
    public static Lwm2mConfig readSection(Path file) throws ConfigException {
        JsonNode root = JsonNode.read(file);
        if (!root.has("lwm2m")) throw new ConfigException(List.of(file + ": lwm2m is required (./loa provision writes {\"lwm2m\": {...}})"));
        return from(root.object("lwm2m"));
    }

    /**
     * This config as the JSON object of the {@code lwm2m} section (every key written, defaults included, so the file
     * says what the station does).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", endpoint);
        m.put("serverUri", serverUri.toString());
        m.put("bootstrap", bootstrap);
        m.put("security", security.lower());
        if (allowNoSec) m.put("allowNoSec", true);
        m.put("secretsFile", secretsFile.toString());
        m.put("nonceFile", nonceFile.toString());
        m.put("lifetimeSeconds", lifetime.toSeconds());
        m.put("updatePeriodSeconds", updatePeriod.toSeconds());
        m.put("requestTimeoutMillis", requestTimeout.toMillis());
        m.put("retryMinMillis", retryMin.toMillis());
        m.put("retryMaxMillis", retryMax.toMillis());
        m.put("connectionIdLength", connectionIdLength);
        m.put("cipherSuites", cipherSuites);
        m.put("dtlsRetransmissionMillis", dtlsRetransmission.toMillis());
        m.put("dtlsMaxRetransmissions", dtlsMaxRetransmissions);
        m.put("boardProfile", boardProfile);
        location.ifPresent(l -> {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("latitude", l.latitude());
            lm.put("longitude", l.longitude());
            l.altitude().ifPresent(a -> lm.put("altitude", a));
            lm.put("measuredAt", l.measuredAt().toString());
            m.put("location", lm);
        });
        m.put("requireSignedEmergency", requireSignedEmergency);
        authorityPublicKey.ifPresent(k -> m.put("authorityPublicKey", k));
        m.put("signatureMaxValiditySeconds", signatureMaxValidity.toSeconds());
        return m;
    }

    /** Defaults as documented on {@link Lwm2mConfig}. */
    public static final class Builder {
        private final String endpoint;
        private final URI serverUri;
        private boolean bootstrap;
        private SecurityMode security = SecurityMode.PSK;
        private boolean allowNoSec;
        private Path secretsFile = DEFAULT_SECRETS_FILE;
        private Duration lifetime = DEFAULT_LIFETIME;
        private Duration updatePeriod = DEFAULT_UPDATE_PERIOD;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration retryMin = DEFAULT_RETRY_MIN;
        private Duration retryMax = DEFAULT_RETRY_MAX;
        private int connectionIdLength;
        private List<String> cipherSuites = List.of();
        private Duration dtlsRetransmission = DEFAULT_DTLS_RETRANSMISSION;
        private int dtlsMaxRetransmissions = DEFAULT_DTLS_MAX_RETRANSMISSIONS;
        private String boardProfile = "unknown";
        private Optional<Location> location = Optional.empty();
        private boolean requireSignedEmergency;
        private Optional<String> authorityPublicKey = Optional.empty();
        private Duration signatureMaxValidity = DEFAULT_SIGNATURE_MAX_VALIDITY;
        private Path nonceFile = DEFAULT_NONCE_FILE;

        private Builder(String endpoint, URI serverUri) {
            this.endpoint = endpoint;
            this.serverUri = serverUri;
        }

        public Builder bootstrap(boolean b) { bootstrap = b; return this; }
        public Builder security(SecurityMode m) { security = m; return this; }
        public Builder allowNoSec(boolean b) { allowNoSec = b; return this; }
        public Builder secretsFile(Path p) { secretsFile = p; return this; }
        public Builder lifetime(Duration d) { lifetime = d; return this; }
        public Builder updatePeriod(Duration d) { updatePeriod = d; return this; }
        public Builder requestTimeout(Duration d) { requestTimeout = d; return this; }
        public Builder retry(Duration min, Duration max) { retryMin = min; retryMax = max; return this; }
        public Builder connectionIdLength(int n) { connectionIdLength = n; return this; }
        public Builder cipherSuites(List<String> s) { cipherSuites = s; return this; }
        public Builder dtlsRetransmission(Duration first, int max) { dtlsRetransmission = first; dtlsMaxRetransmissions = max; return this; }
        public Builder boardProfile(String s) { boardProfile = s; return this; }
        public Builder location(Location l) { location = Optional.ofNullable(l); return this; }
        public Builder requireSignedEmergency(boolean b) { requireSignedEmergency = b; return this; }
        public Builder authorityPublicKey(String base64) { authorityPublicKey = Optional.ofNullable(base64); return this; }
        public Builder signatureMaxValidity(Duration d) { signatureMaxValidity = d; return this; }
        public Builder nonceFile(Path p) { nonceFile = p; return this; }

        /** Throws {@link IllegalArgumentException} naming the first invalid value. */
        public Lwm2mConfig build() {
            return new Lwm2mConfig(endpoint, serverUri, bootstrap, security, allowNoSec, secretsFile, lifetime,
                    updatePeriod, requestTimeout, retryMin, retryMax, connectionIdLength, cipherSuites,
                    dtlsRetransmission, dtlsMaxRetransmissions, boardProfile, location, requireSignedEmergency,
                    authorityPublicKey, signatureMaxValidity, nonceFile);
        }
    }
}
