package io.jasyncio.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContextMapTest {

    /** Keys with chosen hashes, so deep paths and shared prefixes are exercised. */
    private record Key(int hash) {
    }

    @Test
    void behavesLikeAMapAndOldVersionsNeverChange() {
        Random rnd = new Random(42);
        Map<Key, Integer> model = new HashMap<>();
        Key[] keys = new Key[2_000];
        for (int i = 0; i < keys.length; i++) {
            // many keys share low bits, so the trie goes deep
            keys[i] = new Key(i % 3 == 0 ? (i << 20) : i * 0x9E3779B1);
        }
        ContextMap m = ContextMap.EMPTY;
        ContextMap snapshot = null;
        Map<Key, Integer> snapshotModel = null;
        for (int step = 0; step < 20_000; step++) {
            Key k = keys[rnd.nextInt(keys.length)];
            int v = rnd.nextInt();
            m = m.with(k, k.hash(), v);
            model.put(k, v);
            if (step == 5_000) {
                snapshot = m;
                snapshotModel = new HashMap<>(model);
            }
        }
        assertThat(m.size()).isEqualTo(model.size());
        for (Key k : keys) {
            Object expected = model.containsKey(k) ? model.get(k) : ContextMap.MISSING;
            assertThat(m.get(k, k.hash())).isEqualTo(expected);
            Object old = snapshotModel.containsKey(k) ? snapshotModel.get(k) : ContextMap.MISSING;
            assertThat(snapshot.get(k, k.hash())).isEqualTo(old);
        }
        assertThat(ContextMap.EMPTY.size()).isZero();
    }

    @Test
    void hashesDifferingOnlyInTheTopBitsAreKeptApart() {
        Key a = new Key(0x4000_0000);
        Key b = new Key(0x8000_0000);
        Key c = new Key(0xC000_0000);
        ContextMap m = ContextMap.EMPTY.with(a, a.hash(), "a").with(b, b.hash(), "b").with(c, c.hash(), "c");
        assertThat(m.get(a, a.hash())).isEqualTo("a");
        assertThat(m.get(b, b.hash())).isEqualTo("b");
        assertThat(m.get(c, c.hash())).isEqualTo("c");
        assertThat(m.get(new Key(0), 0)).isSameAs(ContextMap.MISSING);
    }
}
