// The code planner and its Python back ends (numpy, torch, jax): see docs/architecture.md.

export { planExpression, planOf, PythonModule, type FunctionSpec } from './module.js';
export { LIBRARIES, type Library } from './backends.js';
export { planFlops, opFlops, parseDimHints, DEFAULT_DIM, type DimHints } from './cost.js';
