package dev.eventlabs.lab35;

/** The lab's fixed names. Topics and groups are made unique per run by {@link LabContext#name}. */
public final class LabNames {
    public static final String MODULE = "lab-3.5-diagnosing-outages";

    private LabNames() {
    }
}
