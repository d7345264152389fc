package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;

class LoaModelsTest {

    @Test
    void the_ddf_files_load_with_their_declared_resources() {
        List<ObjectModel> loa = LoaModels.loa();
        assertThat(loa).extracting(m -> m.id).containsExactly(33000, 33001, 33002, 33003);
        assertThat(loa.get(0).resources).hasSize(10);
        assertThat(loa.get(1).multiple).isTrue();
        assertThat(loa.get(1).resources.get(BroadcastItemEnabler.PLAY).operations.isExecutable()).isTrue();
        assertThat(loa.get(1).resources).hasSize(23);
        assertThat(loa.get(1).resources.get(BroadcastItemEnabler.MAX_DURATION).type).isEqualTo(ResourceModel.Type.INTEGER);
        assertThat(loa.get(1).resources.get(BroadcastItemEnabler.MAX_DURATION).units).isEqualTo("s");
        assertThat(loa.get(1).resources.get(BroadcastItemEnabler.FALLBACK_URI).operations.isWritable()).isTrue();
        assertThat(loa.get(1).resources.get(BroadcastItemEnabler.FALLBACK_SHA256).type).isEqualTo(ResourceModel.Type.STRING);
        assertThat(loa.get(2).resources).hasSize(8);
        assertThat(loa.get(3).resources).hasSize(4);
        assertThat(loa.get(3).resources.get(PlayLogEnabler.PENDING_RECORDS).multiple).isTrue();
        assertThat(loa.get(3).resources.get(PlayLogEnabler.ACKNOWLEDGED_UP_TO).operations.isWritable()).isTrue();
        assertThat(loa).allSatisfy(m -> assertThat(m.urn).isEqualTo("urn:oma:lwm2m:x:" + m.id));
    }

    static Object sample(ResourceModel.Type t) {
        return switch (t) {
            case STRING -> "loa";
            case INTEGER -> 42L;
            case BOOLEAN -> true;
            case FLOAT -> 21.5;
            case TIME -> new Date(1767578400000L);
            case OPAQUE -> new byte[] {1, 2, 3};
            default -> throw new AssertionError("no sample for " + t);
        };
    }

    @Test
    void every_readable_or_writable_resource_round_trips_through_each_content_format() {
        StaticModel model = new StaticModel(LoaModels.all());
        DefaultLwM2mEncoder enc = new DefaultLwM2mEncoder();
        DefaultLwM2mDecoder dec = new DefaultLwM2mDecoder();
        int checked = 0;
        for (ObjectModel m : LoaModels.loa()) {
            for (ResourceModel r : m.resources.values()) {
                if (r.operations.isExecutable()) continue;
                LwM2mPath path = new LwM2mPath(m.id, 0, r.id);
                LwM2mResource node = r.multiple
                        ? LwM2mMultipleResource.newResource(r.id, Map.of(0, sample(r.type)), r.type)
                        : LwM2mSingleResource.newResource(r.id, sample(r.type), r.type);
                for (ContentFormat f : List.of(ContentFormat.SENML_CBOR, ContentFormat.SENML_JSON, ContentFormat.TLV)) {
                    byte[] bytes = enc.encode(node, f, path, model);
                    LwM2mNode back = dec.decode(bytes, f, path, model);
                    assertThat(back).as("%s %s", path, f).isEqualTo(node);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(3 * (10 + 21 + 8 + 4));
    }
}
