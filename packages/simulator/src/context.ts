// What every vendor handler may use besides its own dataset.

import type { ResolvedBehavior } from './defaults.js';
import type { SimRequest, SimResponse } from './http-types.js';
import type { SimulatorCredentials } from './types.js';
import type { TokenStore } from './vendors/uipath-tokens.js';

export interface HandlerContext {
  /** Server clock in ms. */
  now(): number;
  behavior: ResolvedBehavior;
  /** Live credentials (may be changed at run time). */
  credentials: SimulatorCredentials;
  /** http://127.0.0.1:PORT */
  url: string;
  tokens: TokenStore;
}

export type Handler = (req: SimRequest, ctx: HandlerContext) => Promise<SimResponse> | SimResponse;
