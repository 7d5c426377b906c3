// The DAP session for .irq scenarios: translates Debug Adapter Protocol requests to the emulator's debug
// controller and its results back to responses and events. No debugging logic lives here.
import * as path from 'node:path';
import {
    Breakpoint, ExitedEvent, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame,
    StoppedEvent, TerminatedEvent, Thread
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugController, type BreakpointStatus, type OutputLine, type RunMode, type StopInfo } from '../emulator/controller/index.js';
import type { SourceLoc } from '../emulator/index.js';
import { loadProgram, pathToUri, uriToPath } from './load-program.js';

/** Launch arguments of an `irq` debug configuration. */
export interface IrqLaunchArguments extends DebugProtocol.LaunchRequestArguments {
    /** The .irq file. */
    program: string;
    /** Scenario name (default: the file's first scenario). */
    scenario?: string;
    /** Stop before the first statement. */
    stopOnEntry?: boolean;
    /** Events one statement may produce before the run stops with an exception. */
    eventLimit?: number;
}

/** The single thread: one scenario run. */
const THREAD_ID = 1;
/** Events processed per slice before yielding to the event loop (so pause can arrive). */
const SLICE = 20000;

/** Thrown by a handler to answer with an error response. */
class RequestError extends Error {}

/** A debug session over one scenario run. */
export class IrqDebugSession extends LoggingDebugSession {
    private controller: DebugController | undefined;
    private args: IrqLaunchArguments | undefined;
    private noDebug = false;
    private running = false;
    /** Bumped by every run, restart and disconnect: a stale slice loop sees the change and stops. */
    private generation = 0;
    private configured = false;
    private launched = false;
    private finished = false;
    private sourceRequests = new Map<string, DebugProtocol.SourceBreakpoint[]>();
    private functionRequests: DebugProtocol.FunctionBreakpoint[] = [];
    private dataRequests: string[] = [];
    private stopOnFaults = false;

    constructor() {
        super();
        this.setDebuggerLinesStartAt1(true);
        this.setDebuggerColumnsStartAt1(true);
    }

    /** Every request goes through here: a handler that throws becomes an error response, never a crash. */
    protected dispatchRequest(request: DebugProtocol.Request): void {
        try {
            super.dispatchRequest(request);
        } catch (e) {
            const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false };
            this.fail(response, e);
        }
    }

    private fail(response: DebugProtocol.Response, e: unknown): void {
        const message = e instanceof Error ? e.message : String(e);
        this.sendErrorResponse(response, { id: 1001, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: true });
    }

    private guard<R extends DebugProtocol.Response>(response: R, handler: () => void): void {
        try {
            handler();
        } catch (e) {
            this.fail(response, e);
        }
    }

    private need(): DebugController {
        if (!this.controller) throw new RequestError('no scenario is running: send launch first');
        return this.controller;
    }

    private needStopped(): DebugController {
        const c = this.need();
        if (this.running) throw new RequestError('the scenario is running: pause it first');
        if (this.finished) throw new RequestError('the scenario has ended');
        return c;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------

    protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
        response.body = {
            ...response.body,
            supportsConfigurationDoneRequest: true,
            supportsConditionalBreakpoints: true,
            supportsHitConditionalBreakpoints: true,
            supportsLogPoints: true,
            supportsFunctionBreakpoints: true,
            supportsDataBreakpoints: true,
            supportsStepBack: true,
            supportsRestartRequest: true,
            supportsSetVariable: true,
            supportsEvaluateForHovers: true,
            supportsBreakpointLocationsRequest: true,
            supportsSteppingGranularity: true,
            supportsTerminateRequest: true,
            supportsDelayedStackTraceLoading: false,
            exceptionBreakpointFilters: [{ filter: 'faults', label: 'Kernel errors (fault events)', default: false, description: 'Stop at every error fault; the event limit always stops.' }]
        };
        this.sendResponse(response);
    }

    protected async launchRequest(response: DebugProtocol.LaunchResponse, args: IrqLaunchArguments): Promise<void> {
        try {
            if (this.launched) throw new RequestError('already launched');
            this.args = args;
            this.noDebug = args.noDebug === true;
            await this.load();
            this.launched = true;
            this.sendResponse(response);
            this.sendEvent(new InitializedEvent());
            if (this.configured) this.beginRun();
        } catch (e) {
            this.fail(response, e);
        }
    }

    private async load(): Promise<void> {
        const args = this.args!;
        if (args.eventLimit !== undefined && (!Number.isInteger(args.eventLimit) || args.eventLimit < 1)) throw new RequestError(`eventLimit must be a positive integer, not ${String(args.eventLimit)}`);
        const loaded = await loadProgram(args.program, args.scenario);
        if (!loaded.ok) throw new RequestError(loaded.message);
        this.controller = new DebugController(loaded.spec, loaded.scenario, { eventLimit: args.eventLimit });
        this.controller.stopOnFaults = this.stopOnFaults;
        for (const [uri, bps] of this.sourceRequests) this.controller.setSourceBreakpoints(uri, bps);
        this.controller.setFunctionBreakpoints(this.functionRequests);
        this.controller.setDataBreakpoints(this.dataRequests);
        this.finished = false;
        this.output({ category: 'console', text: `scenario ${loaded.scenario.name} on ${loaded.spec.name} (${loaded.scenario.steps.length} statements)` });
    }

    protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
        this.configured = true;
        this.sendResponse(response);
        if (this.launched) this.beginRun();
    }

    private beginRun(): void {
        const c = this.need();
        if (this.args?.stopOnEntry && !this.noDebug) this.stopped(c.entryStop());
        else this.run('continue');
    }

    protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
        try {
            if (!this.args) throw new RequestError('nothing to restart: send launch first');
            const updated = args?.arguments as Partial<IrqLaunchArguments> | undefined;
            if (updated?.program) this.args = { ...this.args, ...updated } as IrqLaunchArguments;
            this.running = false;
            this.generation++;
            await this.load();
            this.sendResponse(response);
            this.beginRun();
        } catch (e) {
            this.fail(response, e);
        }
    }

    protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
        this.sendResponse(response);
        if (!this.finished) this.finish(false);
    }

    protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, request?: DebugProtocol.Request): void {
        this.running = false;
        this.generation++;
        super.disconnectRequest(response, args, request);
    }

    // ---- breakpoints ---------------------------------------------------------------------------------

    private toBreakpoints(statuses: BreakpointStatus[], source?: Source): DebugProtocol.Breakpoint[] {
        return statuses.map((s) => {
            const bp: DebugProtocol.Breakpoint = new Breakpoint(s.verified, s.line, undefined, source);
            bp.id = s.id;
            if (s.message) bp.message = s.message;
            return bp;
        });
    }

    protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
        this.guard(response, () => {
            const file = args.source.path;
            if (!file) throw new RequestError('setBreakpoints needs source.path');
            const uri = pathToUri(file);
            const requests = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
            this.sourceRequests.set(uri, requests);
            const statuses = this.controller
                ? this.controller.setSourceBreakpoints(uri, requests)
                : requests.map((r, i) => ({ id: -(i + 1), verified: false, line: r.line, message: 'pending: the program is not loaded yet' }));
            response.body = { breakpoints: this.toBreakpoints(statuses, new Source(path.basename(file), file)) };
            this.sendResponse(response);
        });
    }

    protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
        this.guard(response, () => {
            this.functionRequests = args.breakpoints;
            const statuses = this.controller ? this.controller.setFunctionBreakpoints(args.breakpoints) : args.breakpoints.map((_, i) => ({ id: -(i + 1), verified: false, message: 'pending' }));
            response.body = { breakpoints: this.toBreakpoints(statuses) };
            this.sendResponse(response);
        });
    }

    protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
        this.stopOnFaults = args.filters.includes('faults');
        if (this.controller) this.controller.stopOnFaults = this.stopOnFaults;
        this.sendResponse(response);
    }

    protected dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
        this.guard(response, () => {
            const info = this.need().dataBreakpointInfo(args.variablesReference, args.name);
            response.body = 'dataId' in info
                ? { dataId: info.dataId, description: info.description, accessTypes: ['write'], canPersist: true }
                : { dataId: null, description: info.reason };
            this.sendResponse(response);
        });
    }

    protected setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
        this.guard(response, () => {
            this.dataRequests = args.breakpoints.map((b) => b.dataId);
            const statuses = this.controller ? this.controller.setDataBreakpoints(this.dataRequests) : [];
            response.body = { breakpoints: this.toBreakpoints(statuses) };
            this.sendResponse(response);
        });
    }

    protected breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
        this.guard(response, () => {
            const file = args.source.path;
            if (!file) throw new RequestError('breakpointLocations needs source.path');
            const lines = this.need().breakpointLocations(pathToUri(file), args.line, args.endLine ?? args.line);
            response.body = { breakpoints: lines.map((line) => ({ line })) };
            this.sendResponse(response);
        });
    }

    // ---- execution -----------------------------------------------------------------------------------

    protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
        const name = this.controller ? `scenario ${this.controller.scenario.name}` : 'scenario';
        response.body = { threads: [new Thread(THREAD_ID, name)] };
        this.sendResponse(response);
    }

    private resumeWith(response: DebugProtocol.Response, mode: RunMode): void {
        this.guard(response, () => {
            this.needStopped();
            this.sendResponse(response);
            this.run(mode);
        });
    }

    protected continueRequest(response: DebugProtocol.ContinueResponse): void {
        response.body = { allThreadsContinued: true };
        this.resumeWith(response, 'continue');
    }

    protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
        this.resumeWith(response, args.granularity === 'instruction' ? 'stepIn' : 'next');
    }

    protected stepInRequest(response: DebugProtocol.StepInResponse): void {
        this.resumeWith(response, 'stepIn');
    }

    protected stepOutRequest(response: DebugProtocol.StepOutResponse): void {
        this.resumeWith(response, 'stepOut');
    }

    protected stepBackRequest(response: DebugProtocol.StepBackResponse): void {
        this.guard(response, () => {
            const c = this.needStopped();
            this.sendResponse(response);
            this.stopped(c.stepBack().stop!);
        });
    }

    protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
        this.guard(response, () => {
            const c = this.needStopped();
            this.sendResponse(response);
            let r = c.reverseContinue();
            while (!r.stop) r = c.reverseContinue();
            this.stopped(r.stop);
        });
    }

    protected pauseRequest(response: DebugProtocol.PauseResponse): void {
        this.guard(response, () => {
            const c = this.need();
            this.sendResponse(response);
            if (this.running) c.requestPause();
            else if (!this.finished) this.stopped({ reason: 'pause', description: 'paused', hitBreakpointIds: [] });
        });
    }

    private run(mode: RunMode): void {
        const c = this.need();
        this.running = true;
        const generation = ++this.generation;
        const slice = (): void => {
            if (!this.running || generation !== this.generation) return;
            let r;
            try {
                r = c.resume(mode, SLICE, this.noDebug);
            } catch (e) {
                this.running = false;
                this.output({ category: 'stderr', text: `internal error: ${(e as Error).message}` });
                this.finish(false);
                return;
            }
            for (const line of r.output) this.output(line);
            if (r.stop) { this.running = false; this.stopped(r.stop); }
            else if (r.ended) { this.running = false; this.finish(true); }
            else setImmediate(slice);
        };
        slice();
    }

    private stopped(stop: StopInfo): void {
        const event = new StoppedEvent(stop.reason, THREAD_ID) as DebugProtocol.StoppedEvent;
        event.body.description = stop.description;
        event.body.text = stop.description;
        event.body.allThreadsStopped = true;
        if (stop.hitBreakpointIds.length) event.body.hitBreakpointIds = stop.hitBreakpointIds;
        this.sendEvent(event);
    }

    private finish(completed: boolean): void {
        if (this.finished) return;
        this.finished = true;
        const results = this.controller?.expectationResults() ?? [];
        const failed = results.filter((r) => !r.pass);
        const name = this.controller?.scenario.name ?? '';
        const lines = [`Expectations of scenario ${name}${completed ? '' : ' (run stopped early)'}: ${results.length - failed.length} passed, ${failed.length} failed`];
        for (const r of results) {
            const where = r.loc ? `${uriToPath(r.loc.uri)}:${r.loc.line}` : '(console)';
            lines.push(r.pass ? `  passed ${where}: ${r.text}` : `  FAILED ${where}: ${r.text}: expected ${r.expected}, actual ${r.actual}`);
        }
        this.output({ category: failed.length ? 'stderr' : 'stdout', text: lines.join('\n') });
        this.sendEvent(new ExitedEvent(failed.length ? 1 : 0));
        this.sendEvent(new TerminatedEvent());
    }

    private output(line: OutputLine): void {
        const event = new OutputEvent(`${line.text}\n`, line.category) as DebugProtocol.OutputEvent;
        if (line.loc) this.attach(event.body, line.loc);
        this.sendEvent(event);
    }

    private attach(body: { source?: DebugProtocol.Source; line?: number; column?: number }, loc: SourceLoc): void {
        const file = uriToPath(loc.uri);
        body.source = new Source(path.basename(file), file);
        body.line = loc.line;
        body.column = loc.column;
    }

    // ---- inspection ----------------------------------------------------------------------------------

    protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
        this.guard(response, () => {
            const frames = this.needStopped().stack();
            const start = args.startFrame ?? 0;
            const count = args.levels && args.levels > 0 ? args.levels : frames.length;
            response.body = {
                stackFrames: frames.slice(start, start + count).map((f) => {
                    const file = f.loc ? uriToPath(f.loc.uri) : undefined;
                    return new StackFrame(f.id, f.name, file ? new Source(path.basename(file), file) : undefined, f.loc?.line ?? 0, f.loc?.column ?? 0);
                }),
                totalFrames: frames.length
            };
            this.sendResponse(response);
        });
    }

    protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
        this.guard(response, () => {
            response.body = { scopes: this.needStopped().scopes(args.frameId).map((s) => new Scope(s.name, s.ref, s.expensive)) };
            this.sendResponse(response);
        });
    }

    protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
        this.guard(response, () => {
            const vars = this.needStopped().variables(args.variablesReference);
            response.body = {
                variables: vars.map((v) => {
                    const out: DebugProtocol.Variable = { name: v.name, value: v.value, variablesReference: v.ref };
                    if (v.watch) out.evaluateName = v.watch;
                    if (!v.settable) out.presentationHint = { attributes: ['readOnly'] };
                    return out;
                })
            };
            this.sendResponse(response);
        });
    }

    protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
        this.guard(response, () => {
            const r = this.needStopped().setVariable(args.variablesReference, args.name, args.value);
            for (const line of r.output) this.output(line);
            response.body = { value: r.value };
            this.sendResponse(response);
            this.stopped({ reason: 'step', description: `${args.name} = ${r.value}`, hitBreakpointIds: [] });
        });
    }

    protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
        this.guard(response, () => {
            const r = this.needStopped().evaluate(args.expression, args.context);
            for (const line of r.output) this.output(line);
            response.body = { result: r.result, variablesReference: r.ref ?? 0 };
            this.sendResponse(response);
            if (r.changed) this.stopped({ reason: 'step', description: `console: ${args.expression}`, hitBreakpointIds: [] });
        });
    }
}
