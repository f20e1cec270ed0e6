// @y/websocket-server (the reference y-websocket server) in a minimal HTTP server, for
// `npm run bench:collab`. No persistence (YPERSISTENCE unset), as its README starts it.
//
//   PORT=1234 node scripts/bench/yws-server.js
//
// Bound to 127.0.0.1 only. The room is the URL path. Exits when its parent closes stdin.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT);
const server = http.createServer((_req, res) => {
	res.writeHead(200, { 'content-type': 'text/plain' });
	res.end('ok');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => setupWSConnection(ws, req, { gc: true }));
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`yws listening on 127.0.0.1:${port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
