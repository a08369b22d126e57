/** Every benchmark `npm run bench` knows, in the order it runs them. Adding one is a module and a line here. */
import type { Benchmark } from './harness/types.js';
import { parseBench } from './parse-throughput.js';
import { fleetBench } from './fleet.js';
import { scaleBench } from './scale.js';
import { sessionBench } from './session.js';

export const benchmarks: readonly Benchmark[] = [sessionBench, parseBench, fleetBench, scaleBench];
