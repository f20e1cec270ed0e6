// Hocuspocus 3.4.4 without extensions (no persistence), for `npm run bench:collab`.
//
//   PORT=1234 node scripts/bench/hocuspocus-server.js
//
// Its own Server class listens on all interfaces whatever `address` says, so the Hocuspocus
// core is attached to an HTTP server of ours bound to 127.0.0.1. Exits when its parent closes
// stdin.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { Hocuspocus } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const hocuspocus = new Hocuspocus({ quiet: true });
const server = http.createServer((_req, res) => {
	res.writeHead(200, { 'content-type': 'text/plain' });
	res.end('ok');
});
const wss = new WebSocketServer({ noServer: true });
// As Hocuspocus' own Server does on each connection.
wss.on('connection', (ws, req) => {
	ws.setMaxListeners(Number.POSITIVE_INFINITY);
	ws.on('error', (err) => console.error('websocket error:', err.message));
	hocuspocus.handleConnection(ws, req);
});
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`hocuspocus listening on 127.0.0.1:${port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
