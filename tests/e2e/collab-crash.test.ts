import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { freePort, launch, stop, type AppProcess } from './app-process';
import { DEMO_PASSWORD, demoUser, formPostHeaders } from './helpers';
import { findPgBinDir, startCluster } from '../../scripts/pg-cluster.js';

/**
 * The server is killed (SIGKILL, no chance to store anything) while two people type; it comes
 * back on the same database; once the clients have reconnected every edit is there, and after
 * a clean restart it is still there: nothing was lost, nothing doubled.
 */
const appDir = inject('appDir');
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

async function signIn(url: string, email: string): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		headers: { ...formPostHeaders(url), 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rt_session='));
	if (!cookie) throw new Error(`sign-in failed with ${res.status}`);
	return cookie.split(';')[0];
}

async function firstNoteId(url: string, cookie: string): Promise<string> {
	const html = await (await fetch(`${url}/m/kumanovo/notes`, { headers: { cookie } })).text();
	const id = /\/m\/kumanovo\/notes\/([0-9a-f-]{36})/.exec(html)?.[1];
	if (!id) throw new Error('no note listed on /m/kumanovo/notes');
	return id;
}

function editor(url: string, noteId: string, cookie: string) {
	const doc = new Y.Doc();
	const WS = class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie, origin: url } });
		}
	};
	const provider = new WebsocketProvider(url.replace('http', 'ws') + '/collab', noteId, doc, {
		WebSocketPolyfill: WS as never,
		disableBc: true,
		maxBackoffTime: 500
	});
	const typed: string[] = [];
	const text = () => doc.getText('crash-test').toString();
	return { doc, provider, typed, text, type: (marker: string) => (typed.push(marker), doc.getText('crash-test').insert(text().length, marker)) };
}

async function until(check: () => boolean, what: string, ms = 30_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function database(driver: 'pglite' | 'postgres'): Promise<Record<string, string>> {
	if (driver === 'postgres') {
		const cluster = await startCluster();
		cleanups.push(() => cluster.stop());
		return { DATABASE_URL: cluster.url };
	}
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-crash-'));
	cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
	return { DATA_DIR: dataDir };
}

const drivers = findPgBinDir() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(drivers)('a server killed during edits, on %s', (driver) => {
	test('loses no edit once the clients reconnect', { timeout: 180_000 }, async () => {
		const env = { ...(await database(driver)), ROUNDTABLE_DEMO: '1' };
		const port = await freePort();
		let app: AppProcess = await launch(appDir, port, env);
		cleanups.push(() => stop(app));
		const noteId = await firstNoteId(app.url, await signIn(app.url, demoUser('coordinator')));
		const people = [demoUser('coordinator'), demoUser('police')];
		const editors = await Promise.all(people.map(async (email) => editor(app.url, noteId, await signIn(app.url, email))));
		cleanups.push(async () => editors.forEach((e) => e.provider.destroy()));
		await until(() => editors.every((e) => e.provider.synced), 'first sync');

		let round = 0;
		const typing = setInterval(() => editors.forEach((e, i) => e.type(`[${i}:${round++}]`)), 15);
		await new Promise((r) => setTimeout(r, 800));
		await stop(app, 'SIGKILL');
		await new Promise((r) => setTimeout(r, 300)); // typing on, offline
		app = await launch(appDir, port, env);
		await new Promise((r) => setTimeout(r, 300));
		clearInterval(typing);

		const all = editors.flatMap((e) => e.typed);
		await until(() => editors.every((e) => e.provider.synced) && editors.every((e) => e.text() === editors[0].text()), 'convergence');
		expect(all.filter((marker) => !editors[0].text().includes(marker))).toEqual([]);
		expect(editors[0].text().length).toBe(all.join('').length); // nothing doubled

		// Once stored, a clean restart and a newcomer see the same.
		const final = editors[0].text();
		await until(() => editors.every((e) => e.provider.wsconnected), 'connected');
		await new Promise((r) => setTimeout(r, 1000));
		editors.forEach((e) => e.provider.destroy());
		await stop(app);
		app = await launch(appDir, port, env);
		const newcomer = editor(app.url, noteId, await signIn(app.url, demoUser('youth')));
		cleanups.push(async () => newcomer.provider.destroy());
		await until(() => newcomer.provider.synced, 'newcomer sync');
		expect(newcomer.text()).toBe(final);
	});
});
