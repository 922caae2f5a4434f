export * from './node.js';
export * from './build.js';
export * from './shape.js';
export { isTransposePair } from './props.js';
export * as Q from './rational.js';
