/**
 * Notes are kept in the browser (IndexedDB, plus a marker per note in localStorage) so that
 * offline edits survive. On a shared computer that copy must not outlive the session: signing
 * out removes every note copy this browser holds.
 */
export const OFFLINE_PREFIX = 'roundtable-note-';

export async function clearOfflineCopies(): Promise<void> {
	for (const key of Object.keys(localStorage)) if (key.startsWith(OFFLINE_PREFIX)) localStorage.removeItem(key);
	const databases = (await indexedDB.databases?.()) ?? [];
	await Promise.all(
		databases
			.filter((d) => d.name?.startsWith(OFFLINE_PREFIX))
			.map(
				(d) =>
					new Promise<void>((resolve) => {
						const request = indexedDB.deleteDatabase(d.name!);
						request.onsuccess = request.onerror = request.onblocked = () => resolve();
					})
			)
	);
}
