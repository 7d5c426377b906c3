// The standalone debug adapter: `node out/debug-adapter.cjs` speaks DAP over stdio; `--server=PORT` listens on
// 127.0.0.1:PORT with one session per connection (for nvim-dap, Emacs dape and other DAP clients).
import '../language/node20-polyfills.js';
import * as net from 'node:net';
import { IrqDebugSession } from './irq-debug-session.js';

const serverArg = process.argv.slice(2).find((a) => a.startsWith('--server='));

if (serverArg) {
    const port = Number(serverArg.slice('--server='.length));
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`irq debug adapter: bad port in ${serverArg}\n`);
        process.exit(2);
    }
    const server = net.createServer((socket) => {
        const session = new IrqDebugSession();
        session.setRunAsServer(true);
        session.start(socket, socket);
        socket.on('error', () => socket.destroy());
    });
    server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        process.stderr.write(`irq debug adapter listening on 127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`);
    });
} else {
    const session = new IrqDebugSession();
    process.on('SIGTERM', () => session.shutdown());
    session.start(process.stdin, process.stdout);
}
