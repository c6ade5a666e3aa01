/**
 * What *Try the Demo Mesh* needs from the simulator. The extension loads it on demand (a dynamic import that
 * scripts/build.mjs turns into `require('./sim.js')`, a bundle of its own), so activation never evaluates src/sim.
 */
export { scenarioNames, startSimulator } from './simulator';
export type { RunningSimulator } from './simulator';
