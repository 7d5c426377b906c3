// Public API of the elaborator: lowers validated, linked .irq documents into the emulator's SystemSpec
// (with source locations), for the command line and the debugger.
export {
    elaborateDocument, elaborateScenario, elaborateTopologyNamed, listScenarios, listTopologies,
    type ElaborateOptions, type ElaborationResult, type ElaborationServices, type RefusedElement, type ScenarioElaboration,
    type ScenarioInfo, type TopologyElaboration
} from './document.js';
export type { ElaborationError, ElaborationErrorKind } from './elaboration-error.js';
export { TOPOLOGY_OPTIONS } from '../kernel/options.js';
export { locOf } from './source-loc.js';
