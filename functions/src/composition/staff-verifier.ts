import {
  makeCognitoTokenVerifier,
  makeLocalTokenVerifier,
  type StaffTokenVerifier,
} from "../adapters/auth/staff-token-verifier.js";
import type { Config } from "../config.js";

/** The staff token check: the user pool's on AWS, the local signing secret otherwise. */
export function staffVerifierFor(config: Config): StaffTokenVerifier {
  if (config.AUTH_ISSUER && config.AUTH_AUDIENCE)
    return makeCognitoTokenVerifier(config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  if (config.AUTH_JWT_SECRET) return makeLocalTokenVerifier(config.AUTH_JWT_SECRET);
  throw new Error(
    "Invalid configuration: set AUTH_ISSUER and AUTH_AUDIENCE (user pool), or AUTH_JWT_SECRET (local)",
  );
}
