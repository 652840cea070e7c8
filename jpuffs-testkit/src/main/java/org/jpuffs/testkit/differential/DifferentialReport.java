package org.jpuffs.testkit.differential;

import java.util.List;
import java.util.Map;

/**
 * The result of a differential run.
 *
 * @param seed         the seed that reproduces it
 * @param stepsPlanned operations asked for
 * @param stepsRun     operations run (fewer when it stopped at the first divergence)
 * @param mismatches   what differed: the diverging step, or the paths whose final state differs
 * @param kinds        how often each operation kind ran
 * @param errnos       how often each errno came back (identical on both sides when it passed)
 * @param millis       wall time
 */
public record DifferentialReport(long seed, int stepsPlanned, int stepsRun, List<String> mismatches,
                                 Map<String, Integer> kinds, Map<String, Integer> errnos, long millis) {

    /**
     * Whether both sides agreed on every step and on the final tree.
     *
     * @return true when there are no mismatches
     */
    public boolean passed() {
        return mismatches.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(passed() ? "PASSED" : "FAILED").append(": seed ").append(seed).append(", ").append(stepsRun)
                .append('/').append(stepsPlanned).append(" steps in ").append(millis).append(" ms\n");
        sb.append("  operations: ").append(kinds).append('\n');
        sb.append("  errnos: ").append(errnos).append('\n');
        for (String m : mismatches) {
            sb.append("  MISMATCH ").append(m).append('\n');
        }
        return sb.toString();
    }
}
