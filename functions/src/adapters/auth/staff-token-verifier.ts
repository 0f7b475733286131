import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { highestRole, type Role, type StaffUser } from "../../domain/roles.js";

/** Turns a bearer token into a staff user, or undefined when it is not valid. */
export type StaffTokenVerifier = (token: string) => Promise<StaffUser | undefined>;

const LOCAL_ISSUER = "pulse-local";
const LOCAL_AUDIENCE = "pulse-staff";
// jose checks `exp` only when present; a token without one would be good forever once leaked.
const REQUIRED_CLAIMS = ["exp", "sub"];

function userFrom(payload: JWTPayload, role: Role | undefined): StaffUser | undefined {
  if (!role || !payload.sub) return undefined;
  const name = (payload.name ??
    payload.email ??
    payload["cognito:username"] ??
    payload.username ??
    payload.sub) as string;
  return { id: payload.sub, name, role };
}

/** Verifies locally issued tokens (HS256, from `npm run token`). */
export function makeLocalTokenVerifier(secret: string): StaffTokenVerifier {
  const key = new TextEncoder().encode(secret);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: REQUIRED_CLAIMS,
      });
      return userFrom(payload, highestRole([String(payload.role ?? "")]));
    } catch {
      return undefined;
    }
  };
}

/** Issues a local staff token for a role. */
export async function issueLocalToken(
  secret: string,
  user: { id: string; name: string; role: Role },
  lifetime = "12h",
): Promise<string> {
  return new SignJWT({ role: user.role, name: user.name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(new TextEncoder().encode(secret));
}

/** Verifies Cognito user pool tokens against the pool's published keys; the role is the highest of the user's groups. */
export function makeCognitoTokenVerifier(issuer: string, clientId: string): StaffTokenVerifier {
  const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        algorithms: ["RS256"],
        requiredClaims: REQUIRED_CLAIMS,
      });
      // ID tokens name the client in `aud`, access tokens in `client_id`.
      const client = payload.token_use === "access" ? payload.client_id : payload.aud;
      if (client !== clientId) return undefined;
      const groups = (payload["cognito:groups"] as string[] | undefined) ?? [];
      return userFrom(payload, highestRole(groups));
    } catch {
      return undefined;
    }
  };
}
