// A minimal LSP client over stdio for the benchmarks: spawns the built server, sends requests and
// notifications, and waits for publishDiagnostics of a given URI.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Starts `node out/language-server.cjs --stdio` and returns a small client. */
export function startServer(serverPath) {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = Buffer.alloc(0);
    // Chunks of a large message are kept apart until it is complete: joining them on every chunk is quadratic
    // (a 40 MB outline arrives in hundreds of chunks).
    const chunks = [];
    let chunkBytes = 0;
    let needed = 0;
    let nextId = 1;
    const pending = new Map();
    const diagnosticWaiters = [];
    child.stdout.on('data', chunk => {
        chunks.push(chunk);
        chunkBytes += chunk.length;
        if (buffer.length + chunkBytes < needed) return;
        buffer = Buffer.concat([buffer, ...chunks]);
        chunks.length = 0;
        chunkBytes = 0;
        for (;;) {
            const headerEnd = buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
            needed = headerEnd + 4 + length;
            if (buffer.length < needed) return;
            needed = 0;
            const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
            buffer = buffer.subarray(headerEnd + 4 + length);
            if (message.id !== undefined && message.method === undefined) {
                pending.get(message.id)?.(message);
                pending.delete(message.id);
            } else if (message.method === 'textDocument/publishDiagnostics') {
                for (let i = diagnosticWaiters.length - 1; i >= 0; i--) {
                    const w = diagnosticWaiters[i];
                    if (w.uri === message.params.uri) { diagnosticWaiters.splice(i, 1); w.resolve(message.params); }
                }
            } else if (message.id !== undefined && message.method) {
                // Requests from the server (configuration, registerCapability): answer with null.
                send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null });
            }
        }
    });
    function send(message) {
        const body = Buffer.from(JSON.stringify(message));
        child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        child.stdin.write(body);
    }
    return {
        child,
        request(method, params) {
            const id = nextId++;
            return new Promise(resolve => { pending.set(id, resolve); send({ jsonrpc: '2.0', id, method, params }); });
        },
        notify(method, params) { send({ jsonrpc: '2.0', method, params }); },
        nextDiagnostics(uri) { return new Promise(resolve => diagnosticWaiters.push({ uri, resolve })); },
        /** Peak resident memory of the server process in MiB (VmHWM). */
        peakMiB() {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
        },
        async stop() {
            await this.request('shutdown', null);
            this.notify('exit', null);
            await new Promise(resolve => child.once('exit', resolve));
        }
    };
}
