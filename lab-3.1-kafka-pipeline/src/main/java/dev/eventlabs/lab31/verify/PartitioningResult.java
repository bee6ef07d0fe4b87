package dev.eventlabs.lab31.verify;

import java.util.List;
import java.util.Map;

/**
 * Where each user's acknowledged orders landed.
 *
 * @param users       users with acknowledged orders
 * @param scattered   users whose orders landed on more than one partition, with those partitions
 * @param misplaced   users on one partition, but not the one Kafka's default partitioner computes for their key
 */
public record PartitioningResult(int users, Map<String, List<Integer>> scattered, Map<String, Integer> misplaced) {
    public boolean passed() {
        return scattered.isEmpty() && misplaced.isEmpty();
    }
}
