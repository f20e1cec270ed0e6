import { batched } from '../db/batched';
import type { Database } from '../db/database';
import { LIMITS } from './limits';
import { mergeStored } from './merge-thread';

/**
 * Where notes' documents live: a compacted snapshot (notes.ydoc_state) and the log of updates
 * appended since (note_updates). Runs as the server itself: connections were authorized on
 * upgrade. Compaction merges what is *stored*, never the in-memory document, so a document
 * that failed to load or lost its memory can never overwrite stored content with less.
 */
const bytes = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

type Stored = { update: Uint8Array | null; logLength: number };

export class NoteStore {
	/** Loads that arrive together (a reconnect storm) share one transaction: see batched(). */
	private readonly loadBatched: (noteId: string) => Promise<Stored>;

	constructor(private readonly db: () => Promise<Database>) {
		this.loadBatched = batched((noteIds: string[]) => this.loadMany(noteIds));
	}

	/** The stored document (snapshot + log, merged) and how long the log is. */
	load(noteId: string): Promise<Stored> {
		return this.loadBatched(noteId);
	}

	private async loadMany(noteIds: string[]): Promise<Stored[]> {
		const { notes, log } = await (await this.db()).system(async (sql) => ({
			notes: await sql.query<{ id: string; ydoc_state: Uint8Array | null }>('select id, ydoc_state from notes where id = any($1::uuid[])', [noteIds]),
			log: await sql.query<{ note_id: string; update: Uint8Array }>(
				'select note_id, update from note_updates where note_id = any($1::uuid[]) order by note_id, id',
				[noteIds]
			)
		}));
		const parts = new Map<string, Uint8Array[]>();
		const logLength = new Map<string, number>();
		const add = (id: string, part: Uint8Array | null) => {
			if (part && part.byteLength > 0) (parts.get(id) ?? parts.set(id, []).get(id)!).push(new Uint8Array(part));
		};
		for (const note of notes) add(note.id, note.ydoc_state);
		for (const row of log) {
			add(row.note_id, row.update);
			logLength.set(row.note_id, (logLength.get(row.note_id) ?? 0) + 1);
		}
		// A note with a log is merged in the merge thread: a reconnect storm loads hundreds of notes
		// in one batch, and merging them all here would be one long stop of the event loop.
		return Promise.all(
			noteIds.map(async (id) => {
				const mine = parts.get(id) ?? [];
				const update = mine.length === 0 ? null : mine.length === 1 ? mine[0] : await mergeStored(mine);
				return { update, logLength: logLength.get(id) ?? 0 };
			})
		);
	}

	/**
	 * Appends one (merged) update and/or refreshes the searchable text (either may be null).
	 * Calls made within LIMITS.storeWindowMs of each other share one statement, however many
	 * rooms take part: less work for the database, while each room still stores at most
	 * flushDelayMs + storeWindowMs behind.
	 */
	append(noteId: string, update: Uint8Array | null, text: string | null): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queued.push({ noteId, update, text, resolve, reject });
			if (this.queued.length === 1) setTimeout(() => void this.writeQueued(), LIMITS.storeWindowMs);
		});
	}

	private queued: (Queued & { resolve: () => void; reject: (err: unknown) => void })[] = [];

	private async writeQueued() {
		const batch = this.queued;
		this.queued = [];
		const updates = batch.filter((b) => b.update);
		const texts = batch.filter((b) => b.text !== null);
		try {
			await (await this.db()).systemStatement(...storeStatement(updates, texts));
			settleInTurns(batch);
		} catch (err) {
			for (const b of batch) b.reject(err);
		}
	}

	/**
	 * Folds the log into the snapshot, in one transaction with the note row locked; the merging
	 * runs in the merge thread, off the event loop. `text` is the searchable text, which the
	 * caller takes from its open document (a walk of the document; the merge thread only merges).
	 */
	async compact(noteId: string, text: string): Promise<void> {
		await (await this.db()).system(async (sql) => {
			const [note] = await sql.query<{ ydoc_state: Uint8Array | null }>(
				'select ydoc_state from notes where id = $1 for update',
				[noteId]
			);
			if (!note) return;
			const log = await sql.query<{ id: number; update: Uint8Array }>(
				'select id::int8 as id, update from note_updates where note_id = $1 order by id',
				[noteId]
			);
			if (log.length === 0) return;
			const parts = [note.ydoc_state, ...log.map((r) => r.update)].filter((p): p is Uint8Array => !!p && p.byteLength > 0);
			const state = await mergeStored(parts);
			await sql.query('update notes set ydoc_state = $2, text_content = $3, updated_at = now() where id = $1', [noteId, bytes(state), text]);
			await sql.query('delete from note_updates where note_id = $1 and id <= $2', [noteId, log.at(-1)!.id]);
		});
	}
}

type Queued = { noteId: string; update: Uint8Array | null; text: string | null };

const APPEND = 'insert into note_updates (note_id, update) select * from unnest($1::uuid[], $2::bytea[])';
const writeTexts = (first: number) =>
	`update notes set text_content = v.text, updated_at = now()
	 from unnest($${first}::uuid[], $${first + 1}::text[]) as v(id, text) where notes.id = v.id`;
const WRITE_TEXTS = writeTexts(1);
const APPEND_AND_WRITE_TEXTS = `with appended as (${APPEND}) ${writeTexts(3)}`;

/**
 * One statement, so one round trip: stores are the database's most frequent work. A batch with
 * no text (a note's text is rewritten at most every textRefreshMs: at 500 rooms about 80 of 180
 * batches have none) needs no update, and the plain insert costs the worker less than the insert
 * in a data-modifying CTE beside an update over an empty array (13 rows in memory: 0.85–1.1 ms
 * against 1.3). The benchmark's p99 showed no difference (docs/benchmarks.md).
 */
function storeStatement(updates: Queued[], texts: Queued[]): [string, unknown[]] {
	const appended = [updates.map((b) => b.noteId), updates.map((b) => bytes(b.update!))];
	const written = [texts.map((b) => b.noteId), texts.map((b) => b.text)];
	if (texts.length === 0) return [APPEND, appended];
	if (updates.length === 0) return [WRITE_TEXTS, written];
	return [APPEND_AND_WRITE_TEXTS, [...appended, ...written]];
}

/**
 * Resolves the stores of one statement one per turn of the event loop. Each resolution runs its
 * room's continuation, which acknowledges the store to the room's authors: a dozen of them in
 * one turn were a burst of sends that held up the edits arriving meanwhile (500-room benchmark:
 * edits slower than 2 ms 9.9% → 8.2% of them, docs/benchmarks.md).
 */
function settleInTurns(batch: { resolve: () => void }[], from = 0) {
	batch[from].resolve();
	if (from + 1 < batch.length) setImmediate(settleInTurns, batch, from + 1);
}
