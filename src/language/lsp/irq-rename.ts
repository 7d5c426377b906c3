// Rename for .irq documents, across imported files. Qualified interrupt references `device.irq` are edited
// part by part: renaming interrupt q3 of nic0 turns `nic0.q3` into `nic0.q4`, renaming device nic0 turns it into
// `nic1.q3`. On a reference, the part under the cursor decides what is renamed.
import { AstUtils, GrammarAST, type AstNode, type LangiumDocument, type LangiumDocuments, type AstNodeLocator, type ReferenceDescription } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import {
    ErrorCodes, ResponseError, TextEdit, type Position, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit
} from 'vscode-languageserver';
import { isDevice, isInterrupt, isIrqRef, type Device, type Interrupt } from '../generated/ast.js';
import { leafAt } from './irq-cst-context.js';
import { qualifiedParts, qualifiedSegmentAt } from './irq-qualified-names.js';

const idPattern = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

/** Rename for .irq documents. */
export class IrqRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;
    private readonly locator: AstNodeLocator;
    private readonly keywords: Set<string>;
    private readonly nameKeywords: Set<string>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.locator = services.workspace.AstNodeLocator;
        const keywords = AstUtils.streamAllContents(services.Grammar).filter(GrammarAST.isKeyword).toArray();
        this.keywords = new Set(keywords.map(k => k.value));
        this.nameKeywords = new Set(keywords.filter(k => AstUtils.getContainerOfType(k, GrammarAST.isParserRule)?.name === 'Name').map(k => k.value));
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params.position);
        if (!target) return super.rename(document, { ...params, newName: this.checkedName(undefined, params.newName) });
        const newName = this.checkedName(target, params.newName);
        const edits = isDevice(target) ? this.deviceEdits(target) : this.interruptEdits(target);
        const changes: Record<string, TextEdit[]> = {};
        for (const { uri, range } of edits) (changes[uri] ??= []).push(TextEdit.replace(range, newName));
        return { changes };
    }

    override async prepareRename(document: LangiumDocument, params: PrepareRenameParams): Promise<Range | undefined> {
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = leafAt(document.parseResult?.value?.$cstNode, offset);
        if (leaf && isIrqRef(leaf.astNode)) return qualifiedSegmentAt(leaf.astNode, leaf.offset)?.leaf.range;
        return this.renameNodeRange(document, params.position);
    }

    /** The device or interrupt a rename at `position` applies to; undefined for everything else. */
    private targetAt(document: LangiumDocument, position: Position): Device | Interrupt | undefined {
        const leaf = leafAt(document.parseResult?.value?.$cstNode, document.textDocument.offsetAt(position));
        if (!leaf) return undefined;
        if (isIrqRef(leaf.astNode)) {
            const segment = qualifiedSegmentAt(leaf.astNode, leaf.offset);
            const irq = leaf.astNode.irq?.ref;
            if (!segment || !irq) return undefined;
            return segment.part === 'device' ? irq.$container : irq;
        }
        const declared = this.references.findDeclarations(leaf)[0];
        return isDevice(declared) || isInterrupt(declared) ? declared : undefined;
    }

    /** The new simple name; `device.q4` is accepted for an interrupt of that device. */
    private checkedName(target: Device | Interrupt | undefined, requested: string): string {
        let name = requested.trim();
        if (isInterrupt(target) && name.startsWith(`${target.$container.name}.`)) name = name.slice(target.$container.name.length + 1);
        if (!idPattern.test(name) || (this.keywords.has(name) && !this.nameKeywords.has(name))) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${requested}' is not a valid name.`);
        }
        return name;
    }

    private interruptEdits(irq: Interrupt): Array<{ uri: string; range: Range }> {
        const edits = this.declarationEdit(irq);
        for (const reference of this.referencesTo(irq)) {
            const ref = this.sourceNode(reference);
            const leaf = isIrqRef(ref) ? qualifiedParts(ref).irq : undefined;
            if (leaf) edits.push({ uri: reference.sourceUri.toString(), range: leaf.range });
        }
        return edits;
    }

    private deviceEdits(device: Device): Array<{ uri: string; range: Range }> {
        const edits = this.declarationEdit(device);
        for (const reference of this.referencesTo(device)) {
            edits.push({ uri: reference.sourceUri.toString(), range: reference.segment.range });
        }
        for (const irq of device.irqs) {
            for (const reference of this.referencesTo(irq)) {
                const ref = this.sourceNode(reference);
                const parts = isIrqRef(ref) ? qualifiedParts(ref).device : [];
                if (parts.length === 0) continue;
                const range = { start: parts[0].range.start, end: parts[parts.length - 1].range.end };
                edits.push({ uri: reference.sourceUri.toString(), range });
            }
        }
        return edits;
    }

    private declarationEdit(node: Device | Interrupt): Array<{ uri: string; range: Range }> {
        const nameNode = this.nameProvider.getNameNode(node);
        return nameNode ? [{ uri: AstUtils.getDocument(node).uri.toString(), range: nameNode.range }] : [];
    }

    private referencesTo(node: AstNode): ReferenceDescription[] {
        return this.references.findReferences(node, { includeDeclaration: false }).toArray();
    }

    private sourceNode(reference: ReferenceDescription): AstNode | undefined {
        const document = this.documents.getDocument(reference.sourceUri);
        return document ? this.locator.getAstNode(document.parseResult.value, reference.sourcePath) : undefined;
    }
}
