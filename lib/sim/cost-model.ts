/**
 * The network cost model of the embedded cache: how much virtual time one exchange between an
 * app and the cache costs. A command (or a whole pipeline / MULTI block) is one round trip; the
 * bytes it moves cost transfer time on the link and serialization time in the client; a new
 * connection costs a set-up before its first reply. Numbers and their justification:
 * docs/cost-model.md (the worked example there is checked by cost-model.test.ts).
 */

/** Prices of the network between an app instance and the cache. */
export interface CostModel {
  /** One network round trip (request out, reply back), excluding bytes. */
  roundTripMs: number;
  /** Opening a connection: TCP handshake plus the client's HELLO/AUTH/SELECT exchange. */
  connectMs: number;
  /** Moving one KiB over the link (either direction). */
  transferMsPerKiB: number;
  /** Encoding or decoding one KiB of RESP in the client (either direction). */
  serializeMsPerKiB: number;
  /** Server CPU per command executed. */
  serverMsPerCommand: number;
}

/** The default model; see docs/cost-model.md for where each number comes from. */
export const DEFAULT_COST_MODEL: Readonly<CostModel> = Object.freeze({
  roundTripMs: 1,
  connectMs: 3,
  transferMsPerKiB: 0.008,
  serializeMsPerKiB: 0.01,
  serverMsPerCommand: 0.01,
});

/** One exchange to price. */
export interface Exchange {
  /** Bytes the client sends (RESP-encoded request, all commands of a pipeline together). */
  requestBytes: number;
  /** Bytes the server replies. */
  replyBytes: number;
  /** Commands executed (a pipeline of 10 GETs is 10). Default 1. */
  commands?: number;
  /** Whether this exchange also opens the connection. Default false. */
  connect?: boolean;
}

/** The cost of one exchange, split where the server executes it. */
export interface ExchangeCost {
  /** From sending to the server starting to execute: half the round trip plus the request bytes. */
  uplinkMs: number;
  /** Server execution. */
  serverMs: number;
  /** From the server finishing to the client holding the parsed reply. */
  downlinkMs: number;
  /** Connection set-up paid before the request can leave (0 unless `connect`). */
  connectMs: number;
  /** Everything: connect + uplink + server + downlink. */
  totalMs: number;
}

/** Thrown when a cost model has a negative or non-finite price. */
export class InvalidCostModelError extends Error {
  readonly code = 'E_INVALID_COST_MODEL';
  constructor(field: string, value: unknown) {
    super(`Cost model field "${field}" must be a finite number ≥ 0, got ${String(value)}. Fix the \`cost\` option of the embedded cache.`);
  }
}

/** Checks every price of `model`; throws {@link InvalidCostModelError} on the first bad one. */
export function validateCostModel(model: CostModel): CostModel {
  for (const field of Object.keys(DEFAULT_COST_MODEL) as (keyof CostModel)[]) {
    const value = model[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidCostModelError(field, value);
  }
  return model;
}

/** Time spent moving and (de)serializing `bytes` in one direction. */
export function bytesCost(model: CostModel, bytes: number): number {
  return (bytes / 1024) * (model.transferMsPerKiB + model.serializeMsPerKiB);
}

/** The cost of one round trip carrying one command or one pipeline. */
export function commandCost(model: CostModel, exchange: Exchange): ExchangeCost {
  const connectMs = exchange.connect ? model.connectMs : 0;
  const uplinkMs = model.roundTripMs / 2 + bytesCost(model, exchange.requestBytes);
  const serverMs = (exchange.commands ?? 1) * model.serverMsPerCommand;
  const downlinkMs = model.roundTripMs / 2 + bytesCost(model, exchange.replyBytes);
  return { uplinkMs, serverMs, downlinkMs, connectMs, totalMs: connectMs + uplinkMs + serverMs + downlinkMs };
}
