/** The Clock port on the machine's clock: the default wherever no simulated clock is given. */
import type { Clock } from '../core/ports.ts';

export const systemClock: Clock = { now: () => new Date() };
