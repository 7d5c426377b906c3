// Validation without a promise per node and check: Langium awaits every check of every node (and a cancellation
// check per node), which costs more than the checks themselves on a 10,000-device file.
import {
    Cancellation, DefaultDocumentValidator, ValidationRegistry, interruptAndCheck, isOperationCancelled,
    type AstNode, type LangiumCoreServices, type ValidationAcceptor, type ValidationCheck, type ValidationOptions
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode } from '../ast-walk.js';

/** Nodes validated between two cancellation checks (each check may yield to the event loop). */
const nodesPerCancellationCheck = 256;

/** A check that runs synchronously when the underlying check is synchronous, and returns a promise only if it is not. */
type MaybeAsyncCheck = (node: AstNode, accept: ValidationAcceptor, token: CancellationToken) => void | Promise<void>;

/**
 * Langium's validation registry, with each check wrapped so that a synchronous check stays synchronous.
 * Exceptions become an error diagnostic on the node, as in Langium.
 */
export class IrqValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        const report = (err: unknown, accept: ValidationAcceptor, node: AstNode): void => {
            if (isOperationCancelled(err)) throw err;
            console.error('An error occurred during validation:', err);
            const details = err instanceof Error ? err.message : String(err);
            accept('error', `An error occurred during validation: ${details}`, { node });
        };
        const wrapped: MaybeAsyncCheck = (node, accept, token) => {
            let result: unknown;
            try {
                result = check.call(thisObj, node, accept, token);
            } catch (err) {
                report(err, accept, node);
                return;
            }
            if (result instanceof Promise) return result.then(() => undefined, (err: unknown) => report(err, accept, node));
            return undefined;
        };
        return wrapped as ValidationCheck;
    }
}

/** Langium's document validator, walking the AST without a promise per node or per check. */
export class IrqDocumentValidator extends DefaultDocumentValidator {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const nodes: AstNode[] = [];
        forEachAstNode(rootNode, node => nodes.push(node));
        for (let i = 0; i < nodes.length; i++) {
            if (i % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const node = nodes[i];
            for (const check of this.validationRegistry.getChecks(node.$type, options.categories)) {
                const result = (check as MaybeAsyncCheck)(node, acceptor, cancelToken);
                if (result !== undefined) await result;
            }
        }
    }
}
