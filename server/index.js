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
const { handler } = await import('../build/handler.js');

const server = http.createServer(handler);
server.listen(port, host, () => {
	console.log(`Roundtable listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

// The same shutdown adapter-node's own entry performs: stop accepting, let the app flush.
let stopping = false;
function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	server.close();
	server.closeIdleConnections?.();
	// hooks.server.ts closes the database on this event (PGlite flushes its files).
	process.emit('sveltekit:shutdown', signal);
	setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
