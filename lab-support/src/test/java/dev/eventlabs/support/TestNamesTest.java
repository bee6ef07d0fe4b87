package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestNamesTest {

    @Test
    void namesAreUniqueAndLegalAsTopicAndSqlIdentifiers() {
        TestNames names = new TestNames();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(names.unique("orders"));
        }

        assertThat(seen).hasSize(100).allMatch(n -> n.matches("orders_class_\\d+_[a-z0-9]{4}"));
    }
}
