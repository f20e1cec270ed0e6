/** The p-th percentile (nearest rank) of `values`; null for none. The generator's figures and
 * the orchestrator's pooled ones use this one definition, so they agree. */
export function percentile(values, p) {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
