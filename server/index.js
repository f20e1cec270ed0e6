// Production entry: one Node process serves the pages and (from the collaboration issue on)
// the WebSocket upgrade on the same port. adapter-node's build/handler.js does the pages.
import http from 'node:http';

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);

// adapter-node assumes https when it cannot tell, which refuses every form post over plain
// http. Local use gets a working default; a deployment sets ORIGIN (README, Configuration).
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) {
	process.env.ORIGIN = `http://localhost:${port}`;
	console.warn(`ORIGIN is not set; assuming ${process.env.ORIGIN}. Set ORIGIN to the public URL in production.`);
}
// adapter-node refuses request bodies over 512 KB unless told otherwise: room for the largest
// attachment (ATTACHMENT_MAX_BYTES, default 10 MiB) plus the form around it.
process.env.BODY_SIZE_LIMIT ??= String(Number(process.env.ATTACHMENT_MAX_BYTES || 10 * 1024 * 1024) + 1024 * 1024);
const { handler } = await import('../build/handler.js');

const server = http.createServer(handler);

// Collaboration WebSockets (/collab/<noteId>) on the same port; hooks.server.ts installs the
// server under this symbol during the handler's start-up.
server.on('upgrade', (req, socket, head) => {
	const collab = globalThis[Symbol.for('roundtable.collab')];
	if (collab && req.url?.startsWith('/collab/')) return collab.handleUpgrade(req, socket, head);
	socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
});
server.listen(port, host, () => {
	console.log(`Roundtable listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

// The same shutdown adapter-node's own entry performs: stop accepting, let the app flush.
let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	server.close();
	server.closeIdleConnections?.();
	// Give pending edits a bounded time to reach the database, then go.
	const timeout = setTimeout(() => process.exit(1), 10_000);
	try {
		await globalThis[Symbol.for('roundtable.shutdown')]?.(signal);
	} catch (err) {
		console.error('shutdown failed:', err);
	}
	clearTimeout(timeout);
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
