package dev.connectorjobs.worker.connector.inventory;

import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryCollectorTest {

    final List<NormalizedAsset> published = new ArrayList<>();
    int flushes;

    final AssetSink sink = new AssetSink() {
        @Override
        public void publish(NormalizedAsset asset) {
            published.add(asset);
        }

        @Override
        public void flush() {
            flushes++;
        }
    };

    static NormalizedAsset asset(int n) {
        return new NormalizedAsset("test", "id-" + n, null, null, null, null, List.of(), null, Map.of());
    }

    static FakeJobContext job() {
        return aJob("test", "fetch_assets").param("publish", true).param("max_assets", 5);
    }

    @Test
    void a_collector_resuming_an_earlier_attempt_counts_its_records_toward_max_assets_without_listing_them() {
        InventoryCollector collector = InventoryCollector.forJob("test", job(), new InventoryProperties(500), sink)
                .resumingAfter(3, 3);

        assertThat(collector.add(asset(4))).isTrue();
        assertThat(collector.add(asset(5))).isFalse();
        Map<String, Object> result = collector.result();

        assertThat(result)
                .containsEntry("count", 5L)
                .containsEntry("published", 5L)
                .containsEntry("truncated", true);
        assertThat(result.get("assets")).isEqualTo(List.of(asset(4), asset(5)));
        assertThat(published).hasSize(2);
    }

    @Test
    void flush_makes_the_published_assets_durable_before_a_checkpoint_and_does_nothing_without_publication() {
        InventoryCollector publishing = InventoryCollector.forJob("test", job(), new InventoryProperties(500), sink);
        publishing.add(asset(1));
        publishing.flush();
        InventoryCollector quiet = new InventoryCollector("test", job(), new InventoryProperties(500), null);
        quiet.add(asset(1));
        quiet.flush();

        assertThat(flushes).isEqualTo(1);
        assertThat(quiet.result()).containsEntry("published", 0L);
        assertThat(new InventoryCollector("test", job(), new InventoryProperties(500), null)
                        .resumingAfter(4, 4)
                        .published())
                .isZero();
        assertThatThrownBy(() -> quiet.resumingAfter(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
