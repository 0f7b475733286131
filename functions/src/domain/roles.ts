/** Staff roles, each including the rights of the ones before it. */
export const ROLES = ["analyst", "manager", "head"] as const;
export type Role = (typeof ROLES)[number];

/** Whether a role carries at least the rights of another. */
export function hasRole(actual: Role, needed: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(needed);
}

/** The highest role among names such as Cognito group names; undefined when none is a role. */
export function highestRole(names: readonly string[]): Role | undefined {
  let best: Role | undefined;
  for (const name of names) {
    if ((ROLES as readonly string[]).includes(name) && (!best || hasRole(name as Role, best)))
      best = name as Role;
  }
  return best;
}

export interface StaffUser {
  id: string;
  name: string;
  role: Role;
}
