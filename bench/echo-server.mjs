// The local HTTP endpoint the "fetch" post-login action calls (plain HTTP on 127.0.0.1).
// Runs on the load generator's core so it takes no CPU from the server under test.
import http from 'node:http';

const PORT = +process.env.ECHO_PORT || 9445;
let served = 0;
const server = http.createServer((req, res) => {
  served++;
  if (req.url === '/stats') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(JSON.stringify({ served })); }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"plan":"gold","quota":1000}');
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port: PORT })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
