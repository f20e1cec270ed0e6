import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskStorage } from '$lib/server/attachments/disk-storage';
import { createSupabaseStorage } from '$lib/server/attachments/supabase-storage';
import { useAttachmentStorage, type AttachmentStorage } from '$lib/server/attachments';
import type { Database } from '$lib/server/db/database';
import { addAttachment, readAttachment, removeAttachment } from '$lib/server/services/attachments';
import { startSupabaseStorageStandIn, type StorageStandIn } from '../support/supabase-storage-stand-in';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { actorOf, makeWorld, type World } from './helpers/world';

/**
 * Attachments through the service the upload and download routes call, over both storages:
 * files under a data directory, and Supabase Storage (a local stand-in of its HTTP endpoints,
 * since no Supabase service runs here).
 */
let db: Database;
let world: World;
let meetingId: string;
let policeItemId: string;
useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
	const k = world.kumanovo;
	await db.system(async (sql) => {
		[{ id: meetingId }] = await sql.query<{ id: string }>(
			`insert into meetings (municipality_id, title, starts_at, ends_at, created_by) values ($1, 'Meeting', now(), now() + interval '1 hour', $2) returning id`,
			[k.municipality.id, k.users.coordinator]
		);
		[{ id: policeItemId }] = await sql.query<{ id: string }>(
			`insert into action_items (municipality_id, title, owner_organization_id, created_by) values ($1, 'Police item', $2, $3) returning id`,
			[k.municipality.id, k.organizations.police, k.users.coordinator]
		);
	});
});

const PDF: Uint8Array<ArrayBuffer> = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const HTML: Uint8Array<ArrayBuffer> = new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>');
const file = (bytes: Uint8Array<ArrayBuffer>, name: string, type = 'application/pdf') => new File([bytes], name, { type });

let standIn: StorageStandIn;
let directory: string;
beforeAll(async () => {
	standIn = await startSupabaseStorageStandIn();
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-attachments-'));
});
afterAll(async () => {
	useAttachmentStorage(undefined);
	await standIn.stop();
	fs.rmSync(directory, { recursive: true, force: true });
});

const storages: { name: string; make: () => AttachmentStorage; count: () => number }[] = [
	{ name: 'disk', make: () => createDiskStorage(directory), count: () => fs.readdirSync(directory).filter((f) => !f.startsWith('.')).length },
	{
		name: 'Supabase Storage (stand-in)',
		make: () => createSupabaseStorage({ url: standIn.url, serviceRoleKey: standIn.serviceRoleKey }),
		count: () => standIn.buckets.get('attachments')!.size
	}
];

describe.each(storages)(`attachments in $name on ${driverName()}`, ({ make, count }) => {
	beforeAll(() => useAttachmentStorage(make()));
	const k = () => world.kumanovo;

	it('lets the coordinator add a file to a meeting, and every board member download it', async () => {
		const before = count();
		const coordinator = await actorOf(db, k().users.coordinator);
		const added = await addAttachment(db, coordinator, k().municipality, { meetingId }, file(PDF, 'Agenda März – Куманово.pdf'));
		expect(added.ok).toBe(true);
		expect(count()).toBe(before + 1);
		const id = (added as { id: string }).id;
		for (const reader of [k().users.member, k().users.observer]) {
			const got = await readAttachment(db, reader, k().municipality.id, id);
			expect(got?.filename).toBe('Agenda März – Куманово.pdf');
			expect(got?.contentType).toBe('application/pdf');
			expect(Buffer.from(got!.bytes).equals(Buffer.from(PDF))).toBe(true);
		}
	});

	it('refuses files from people who may not change the meeting or the item', async () => {
		const before = count();
		const member = await actorOf(db, k().users.member);
		const observer = await actorOf(db, k().users.observer);
		const stranger = await actorOf(db, world.tuzla.users.coordinator);
		expect(await addAttachment(db, member, k().municipality, { meetingId }, file(PDF, 'a.pdf'))).toEqual({ ok: false, code: 'not_allowed' });
		expect(await addAttachment(db, observer, k().municipality, { actionItemId: policeItemId }, file(PDF, 'a.pdf'))).toEqual({ ok: false, code: 'not_allowed' });
		// Another board's coordinator does not even learn that the item exists.
		expect(await addAttachment(db, stranger, k().municipality, { actionItemId: policeItemId }, file(PDF, 'a.pdf'))).toEqual({ ok: false, code: 'not_found' });
		expect(count()).toBe(before);
	});

	it('lets the owner organization add to its item, and refuses what a browser could run', async () => {
		const police = await actorOf(db, k().users.member);
		const before = count();
		const html = await addAttachment(db, police, k().municipality, { actionItemId: policeItemId }, file(HTML, 'report.pdf', 'application/pdf'));
		expect(html).toEqual({ ok: false, code: 'file_type' });
		const empty = await addAttachment(db, police, k().municipality, { actionItemId: policeItemId }, file(new Uint8Array(), 'empty.pdf'));
		expect(empty).toEqual({ ok: false, code: 'file_empty' });
		expect(count()).toBe(before);
		const added = await addAttachment(db, police, k().municipality, { actionItemId: policeItemId }, file(PDF, 'report.pdf'));
		expect(added.ok).toBe(true);
		expect(count()).toBe(before + 1);
	});

	it('hides files from other boards, and removes them only for the coordinator or the uploader', async () => {
		const coordinator = await actorOf(db, k().users.coordinator);
		const police = await actorOf(db, k().users.member);
		const observer = await actorOf(db, k().users.observer);
		const added = await addAttachment(db, police, k().municipality, { actionItemId: policeItemId }, file(PDF, 'photo-of-flipchart.pdf'));
		const id = (added as { id: string }).id;
		expect(await readAttachment(db, world.tuzla.users.coordinator, k().municipality.id, id)).toBeUndefined();
		expect(await readAttachment(db, world.hub.staff, k().municipality.id, id)).toBeUndefined();

		const before = count();
		expect(await removeAttachment(db, observer, k().municipality, id)).toBe(false);
		expect(count()).toBe(before);
		expect(await removeAttachment(db, police, k().municipality, id)).toBe(true);
		expect(count()).toBe(before - 1);
		expect(await readAttachment(db, coordinator.userId, k().municipality.id, id)).toBeUndefined();
	});
});
