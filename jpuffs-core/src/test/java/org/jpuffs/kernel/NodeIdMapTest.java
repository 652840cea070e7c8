package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodeIdMapTest {
    @Test
    void randomPutsAndRemoves_agreeWithHashMap() {
        NodeIdMap<String> map = new NodeIdMap<>();
        Map<Long, Node<String>> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        long next = 1;
        int wrongRemovals = 0;
        for (int i = 0; i < 200_000; i++) {
            if (random.nextInt(3) > 0 || model.isEmpty()) {
                Node<String> n = new Node<>("c" + next, next, 0);
                next += 1 + random.nextInt(3);
                map.put(n);
                model.put(n.id, n);
            } else {
                long id = 1 + random.nextLong(next);
                wrongRemovals += map.remove(id) == model.remove(id) ? 0 : 1;
            }
            if (i % 5000 == 0) {
                int wrong = 0;
                for (Node<String> n : model.values()) {
                    wrong += map.get(n.id) == n ? 0 : 1;
                }
                assertThat(wrong).as("nodes not found by id after %d steps", i).isZero();
            }
        }
        assertThat(wrongRemovals).isZero();
        assertThat(map.size()).isEqualTo(model.size());
        // identity sets: AssertJ's any-order containment is quadratic
        assertThat(new HashSet<>(map.values())).isEqualTo(new HashSet<>(model.values()));
        assertThat(map.get(next + 5)).isNull();
    }
}
