import type { Role } from "../../functions/src/domain/roles.js";
import type { TestServices } from "./test-services.js";

/** Calls the staff API as a user of `role`, sending `body` as JSON, and returns the status, content type and parsed body. */
export async function callStaffApi(
  pulse: Pick<TestServices, "app" | "token">,
  role: Role,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await pulse.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${await pulse.token(role)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: text ? JSON.parse(text) : null,
  };
}
