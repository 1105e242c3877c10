// The isolation settings (DESIGN §5, §7) from the environment, in the shapes the pure core takes.
import type { CircuitConfig } from "../../delivery/circuit-breaker";
import { CIRCUIT_DEFAULTS } from "../../delivery/circuit-breaker";
import type { FeedbackConfig } from "../../delivery/endpoint-feedback";
import type { RampConfig } from "../../delivery/pacing";
import type { Env } from "../../env";

/** A recovering endpoint starts at 1 delivery/s at least; one without history ramps towards 10/s. */
const RAMP_FLOOR_PER_SECOND = 1;
const RAMP_DEFAULT_TARGET_PER_SECOND = 10;

export type IsolationConfig = FeedbackConfig;

export function isolationConfig(env: Pick<Env, "CIRCUIT_COOLDOWN" | "CIRCUIT_COOLDOWN_MAX" | "CIRCUIT_WINDOW" | "RECOVERY_RAMP_TAU" | "ENDPOINT_DISABLE_AFTER">): IsolationConfig {
  const circuit: CircuitConfig = {
    windowMs: env.CIRCUIT_WINDOW,
    minAttempts: CIRCUIT_DEFAULTS.minAttempts,
    failureRatio: CIRCUIT_DEFAULTS.failureRatio,
    cooldownMs: env.CIRCUIT_COOLDOWN,
    maxCooldownMs: Math.max(env.CIRCUIT_COOLDOWN, env.CIRCUIT_COOLDOWN_MAX),
  };
  const ramp: RampConfig = { tauMs: env.RECOVERY_RAMP_TAU, floorRate: RAMP_FLOOR_PER_SECOND, defaultTarget: RAMP_DEFAULT_TARGET_PER_SECOND };
  return { circuit, ramp, disableAfterMs: env.ENDPOINT_DISABLE_AFTER };
}
