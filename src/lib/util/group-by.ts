/** Groups items by key in first-seen order (Object.groupBy needs Node 21). */
export function groupBy<T, K extends string>(items: readonly T[], key: (item: T) => K): [K, T[]][] {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group) group.push(item);
		else groups.set(k, [item]);
	}
	return [...groups];
}
