import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { ROLES, type Role } from "../../functions/src/domain/roles.js";
import { localSecrets } from "./local-secrets.js";

// `npm run token -- <role> [name]` prints a staff token that the local server accepts.
const [role = "manager", name] = process.argv.slice(2);
if (!(ROLES as readonly string[]).includes(role)) {
  console.error(`Usage: npm run token -- <${ROLES.join("|")}> [name]`);
  process.exit(2);
}
const secrets = await localSecrets();
process.stdout.write(
  `${await issueLocalToken(secrets.jwtSecret, { id: `local-${role}`, name: name ?? `Local ${role}`, role: role as Role })}\n`,
);
