// Public API of the emulator: spec types, the Machine, events, scenario runner, history, kernel defaults
// and the reference topologies. Other modules import from here only.

export * from './spec.js';
export * from './events.js';
export { Machine, E_LIMIT, type MachineOptions, type MachineSnapshot, type StepResult, type IrqView, type LevelView } from './machine.js';
export { runScenario, runNamedScenario, runStep, type ScenarioResult, type ExpectationReport } from './scenario.js';
export { evaluate, stateValue, type ExpectationOutcome } from './expect.js';
export { History, type HistoryOptions } from './history.js';
export { kindDefaults, isMsiLeafKind, isPciLeafKind, isIrKind, DELEGATE_FN, FLOWS, type KindDefaults, type FlowName, type DomainRole } from './kind-defaults.js';
export { kernelDomainName, busTokenNumber, normalizeBusToken, requesterId, kernelVersionNumber } from './naming.js';
export { resolveTopology, SpecError, type Topology, type ResolvedDomain, type ResolvedDevice, type InstanceDef, type ResolvedCallback, type ResolvedOptions } from './topology.js';
export { IRQD, IRQS, IRQCHIP, DOMAIN_FLAG, MSI_FLAG, BUS_TOKEN, ERRNO, X86, GIC, errnoName, flagNames, VECTOR_UNUSED, VECTOR_SHUTDOWN, VECTOR_RETRIGGERED } from './constants.js';
export type { MachineState, IrqDesc, IrqData, ChipData, VectorData, IrData, ItsData, ImsicData, DeviceState, CpuState, Irte } from './state.js';
export { stepText } from './steps.js';
export * from './reference-topologies.js';
