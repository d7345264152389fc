package vn.loa.agent.lwm2m;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;

/**
 * The object models the station speaks: Leshan's bundled OMA models (0-7) and Loa's own DDF files under
 * {@code /models/} on the class path ({@link #LOA_DDF_FILES}), parsed and validated by Leshan's DDF parser.
 */
public final class LoaModels {

    public static final int AUDIO_OUTPUT = 33000;
    public static final int BROADCAST_ITEM = 33001;
    public static final int STATION_STATUS = 33002;
    public static final int PLAY_LOG = 33003;

    /** Class-path resources under {@code /models/}, one per Loa object. */
    public static final String[] LOA_DDF_FILES = {"33000.xml", "33001.xml", "33002.xml", "33003.xml"};

    private LoaModels() {
    }

    /** Loa's own models only (for a server that already has the OMA ones). A broken file is a bug in the release. */
    public static List<ObjectModel> loa() {
        try {
            return ObjectLoader.loadDdfResources("/models", LOA_DDF_FILES);
        } catch (IOException | InvalidModelException | InvalidDDFFileException e) {
            throw new IllegalStateException("Loa's DDF models do not load: " + e.getMessage(), e);
        }
    }

    /** The OMA models Leshan ships plus Loa's. */
    public static List<ObjectModel> all() {
        List<ObjectModel> m = new ArrayList<>(ObjectLoader.loadAllDefault());
        m.addAll(loa());
        return m;
    }
}
