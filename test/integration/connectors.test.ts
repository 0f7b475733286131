import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Survey } from "../../functions/src/domain/survey.js";
import { manualClock } from "../helpers/manual-clock.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

const SECRETS = {
  servicenow: "servicenow-secret-0123456789",
  jira: "jira-webhook-secret-0123456789",
  zendesk: "zendesk-signing-secret-0123456789",
  freshservice: "freshservice-secret-0123456789",
  glpi: "glpi-webhook-secret-0123456789",
};

let pulse: TestServices;

beforeAll(async () => {
  // The fixtures' tickets were resolved on 2026-11-20; the clock stands an hour later.
  pulse = await startTestServices({
    clock: manualClock("2026-11-20T15:00:00Z"),
    env: { PULSE_CONNECTOR_SECRETS: JSON.stringify(SECRETS) },
  });
});

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/connectors", name), "utf8");
const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data);

/** Each tool's own way of authenticating a delivery, as its documentation describes it. */
const authOf = {
  bearer: (secret: string) => (_body: string) => ({ authorization: `Bearer ${secret}` }),
  zendesk: (secret: string) => (body: string) => {
    const timestamp = "2026-11-20T14:03:27Z";
    return {
      "x-zendesk-webhook-signature": hmac(secret, timestamp + body).digest("base64"),
      "x-zendesk-webhook-signature-timestamp": timestamp,
      "x-zendesk-webhook-id": "01F1KRFQ6BG29CNWFR60NK5FNY",
    };
  },
  hub: (secret: string) => (body: string) => ({
    "x-hub-signature": `sha256=${hmac(secret, body).digest("hex")}`,
  }),
  glpi: (secret: string) => (body: string) => {
    const timestamp = "1763647380";
    return {
      "x-glpi-signature": hmac(secret, body + timestamp).digest("hex"),
      "x-glpi-timestamp": timestamp,
    };
  },
};

type Headers = (body: string) => Record<string, string>;

async function deliver(connector: string, body: string, headers: Headers) {
  const response = await pulse.app.request(`/api/v1/tickets/resolved/${connector}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers(body) },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function surveyOf(source: string, ticketId: string): Promise<Survey> {
  const survey = await pulse.surveys.findByTicket(source, ticketId);
  if (!survey) throw new Error(`no survey for ${source} ${ticketId}`);
  return survey;
}

const cases: Array<{
  connector: keyof typeof SECRETS;
  file: string;
  auth: Headers;
  wrong: Headers;
  ticketId: string;
  expected: Partial<Survey> & { dimensions: Survey["dimensions"]; requester: Partial<Survey["requester"]> };
}> = [
  {
    connector: "servicenow",
    file: "servicenow-incident-resolved.json",
    auth: authOf.bearer(SECRETS.servicenow),
    wrong: authOf.bearer("not-the-servicenow-secret"),
    ticketId: "INC0012345",
    expected: {
      title: "VPN drops every few minutes",
      resolvedAt: "2026-11-20T14:03:00.000Z",
      ticketUrl: "https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371",
      requester: { email: "anna.nowak@example.com", name: "Anna Nowak", locale: "pl" },
      dimensions: {
        service: "Remote access",
        category: "Network",
        assignmentGroup: "Network L2",
        agent: "jkowalski",
        supplier: "Orange Polska",
        priority: "3 - Moderate",
        channel: "self-service",
        slaBreached: "breached",
      },
    },
  },
  {
    connector: "jira",
    file: "jira-issue-updated-webhook.json",
    auth: authOf.hub(SECRETS.jira),
    wrong: authOf.hub("not-the-jira-secret-0123"),
    ticketId: "ITSM-42",
    expected: {
      title: "Laptop cannot reach the printer",
      resolvedAt: "2026-11-20T14:03:00.000Z",
      ticketUrl: "https://acme.atlassian.net/browse/ITSM-42",
      requester: { email: "ewa.wisniewska@example.com", name: "Ewa Wiśniewska", locale: "pl" },
      dimensions: {
        service: "Printing",
        category: "[System] Incident",
        agent: "jan.kowalski@example.com",
        priority: "Medium",
      },
    },
  },
  {
    connector: "jira",
    file: "jira-automation-issue-data.json",
    auth: authOf.bearer(SECRETS.jira),
    wrong: authOf.bearer("not-the-jira-secret-0123"),
    ticketId: "ITSM-43",
    expected: {
      title: "New starter needs a laptop",
      resolvedAt: "2026-11-20T13:30:00.000Z",
      ticketUrl: "https://acme.atlassian.net/browse/ITSM-43",
      requester: { email: "piotr.zielinski@example.com", name: "Piotr Zieliński", locale: "en" },
      dimensions: { service: "IT Service Desk", category: "[System] Service request", priority: "High" },
    },
  },
  {
    connector: "zendesk",
    file: "zendesk-trigger-ticket-solved.json",
    auth: authOf.zendesk(SECRETS.zendesk),
    wrong: authOf.zendesk("not-the-zendesk-signing-secret"),
    ticketId: "35436",
    expected: {
      title: "Outlook keeps asking for my password",
      resolvedAt: "2026-11-20T14:03:00.000Z",
      ticketUrl: "https://acme.zendesk.com/agent/tickets/35436",
      requester: { email: "marta.lewandowska@example.com", name: "Marta Lewandowska", locale: "pl" },
      dimensions: {
        service: "Email",
        category: "Incident",
        assignmentGroup: "Service Desk L1",
        agent: "tomasz.agent@example.com",
        priority: "Normal",
        channel: "Web Form",
      },
    },
  },
  {
    connector: "freshservice",
    file: "freshservice-workflow-ticket-resolved.json",
    auth: authOf.bearer(SECRETS.freshservice),
    wrong: authOf.bearer("not-the-freshservice-secret"),
    ticketId: "INC-2041",
    expected: {
      title: "Teams calls drop after a minute",
      resolvedAt: "2026-11-20T14:03:00.000Z",
      ticketUrl: "https://acme.freshservice.com/helpdesk/tickets/2041",
      requester: { email: "adam.mazur@example.com", name: "Adam Mazur", locale: "en" },
      dimensions: {
        service: "Microsoft Teams",
        category: "Collaboration",
        assignmentGroup: "Workplace L2",
        agent: "kasia.agent@example.com",
        priority: "High",
        channel: "Portal",
        slaBreached: "breached",
      },
    },
  },
  {
    connector: "glpi",
    file: "glpi-webhook-ticket-solved.json",
    auth: authOf.glpi(SECRETS.glpi),
    wrong: authOf.glpi("not-the-glpi-webhook-secret"),
    ticketId: "1207",
    expected: {
      title: "Scanner on floor 2 does not send to email",
      resolvedAt: "2026-11-20T14:03:00.000Z",
      ticketUrl: "https://glpi.example.com/front/ticket.form.php?id=1207",
      requester: { email: "olga.kaminska@example.com", name: "Olga Kamińska", locale: "pl" },
      dimensions: {
        service: "Office Gdańsk",
        category: "Printers",
        assignmentGroup: "Field services",
        agent: "mnowicki",
        supplier: "Konica Minolta Serwis",
        priority: "3",
        channel: "Helpdesk",
      },
    },
  },
];

describe("Resolved tickets from the ITSM tools' own webhooks", () => {
  for (const { connector, file, auth, ticketId, expected } of cases) {
    it(`${file} posted with ${connector}'s authentication creates the survey it describes`, async () => {
      const response = await deliver(connector, fixture(file), auth);

      expect(response.status).toBe(202);
      expect(response.body.status).toBe("invited");
      const survey = await surveyOf(connector, ticketId);
      expect(response.body.surveyId).toBe(survey.surveyId);
      expect(survey).toMatchObject({ ...expected, source: connector, status: "invited" });
      expect(survey.dimensions).toEqual(expected.dimensions);
    });
  }

  it("the same delivery again answers with the same survey and mails no second invitation", async () => {
    const body = fixture("servicenow-incident-resolved.json").replace("INC0012345", "INC0099999");
    const first = await deliver("servicenow", body, authOf.bearer(SECRETS.servicenow));
    const again = await deliver("servicenow", body, authOf.bearer(SECRETS.servicenow));
    expect(again.status).toBe(202);
    expect(again.body.surveyId).toBe(first.body.surveyId);
  });
});

describe("Deliveries that do not prove they come from the tool", () => {
  for (const { connector, file, wrong } of cases) {
    it(`${file} posted with a wrong ${connector} secret is refused with 401, and no survey is made`, async () => {
      const body = fixture(file)
        .replace(/"(INC0012345|ITSM-4[23]|35436|INC-2041)"/, '"REFUSED-1"')
        .replace('"id": 1207', '"id": 99');
      const response = await deliver(connector, body, wrong);

      expect(response.status).toBe(401);
      expect(response.type).toBe("application/problem+json");
      expect(
        await pulse.surveys.findByTicket(connector, connector === "glpi" ? "99" : "REFUSED-1"),
      ).toBeUndefined();
    });
  }

  it("a delivery with no secret at all is refused, naming the header it needed", async () => {
    const response = await deliver("servicenow", fixture("servicenow-incident-resolved.json"), () => ({}));
    expect(response.status).toBe(401);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "Authorization" })]);
  });

  it("a Zendesk delivery whose body was changed after signing is refused", async () => {
    const body = fixture("zendesk-trigger-ticket-solved.json");
    const signed = authOf.zendesk(SECRETS.zendesk)(body);
    const response = await deliver("zendesk", body.replace("35436", "35437"), () => signed);
    expect(response.status).toBe(401);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "X-Zendesk-Webhook-Signature" })]);
  });

  it("a Jira webhook signature with the bearer secret of another connector is refused", async () => {
    const response = await deliver(
      "jira",
      fixture("jira-issue-updated-webhook.json"),
      authOf.bearer(SECRETS.servicenow),
    );
    expect(response.status).toBe(401);
  });

  it("an unknown connector is a 404 problem naming the connectors there are", async () => {
    const response = await deliver("remedy", "{}", authOf.bearer(SECRETS.servicenow));
    expect(response.status).toBe(404);
    expect(response.type).toBe("application/problem+json");
    expect(String(response.body.detail)).toContain("servicenow, jira, zendesk, freshservice, glpi");
  });
});

describe("Payloads that are not a ticket", () => {
  it("a payload without the field the ticket id is read from is refused, naming that vendor field", async () => {
    const payload = JSON.parse(fixture("servicenow-incident-resolved.json")) as Record<string, unknown>;
    delete payload.number;
    const response = await deliver("servicenow", JSON.stringify(payload), authOf.bearer(SECRETS.servicenow));

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "number" })]);
  });

  it("a resolution time the tool wrote in no known form is refused, naming the vendor field", async () => {
    const body = fixture("zendesk-trigger-ticket-solved.json").replace("2026-11-20T14:03Z", "last Tuesday");
    const response = await deliver("zendesk", body, authOf.zendesk(SECRETS.zendesk));

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "ticket.updated_at" })]);
  });

  it("a body that is not JSON is refused with 400, after the signature is checked", async () => {
    const response = await deliver("glpi", "not json", authOf.glpi(SECRETS.glpi));
    expect(response.status).toBe(400);
    expect(response.type).toBe("application/problem+json");
  });
});

describe("A connector's mapping replaced by a head", () => {
  const path = "/api/v1/connectors/servicenow/mapping";
  const staff = async (role: "head" | "manager", method: "GET" | "PUT", body?: unknown) => {
    const response = await pulse.app.request(path, {
      method,
      headers: { authorization: `Bearer ${await pulse.token(role)}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("reads the service from another field of the payload from the next delivery on", async () => {
    const replaced = await staff("head", "PUT", {
      fields: { service: ["cmdb_ci"], agent: ["=Service desk"] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.replaced).toEqual(["service", "agent"]);

    const body = fixture("servicenow-incident-resolved.json").replace("INC0012345", "INC0054321");
    const response = await deliver("servicenow", body, authOf.bearer(SECRETS.servicenow));
    expect(response.status).toBe(202);
    const survey = await surveyOf("servicenow", "INC0054321");
    expect(survey.dimensions).toMatchObject({
      service: "vpn-gw-01",
      agent: "Service desk",
      category: "Network",
    });

    const read = await staff("manager", "GET");
    expect((read.body.fields as Record<string, unknown>).service).toEqual(["cmdb_ci"]);
    const audit = await pulse.app.request("/api/v1/audit?month=2026-11", {
      headers: { authorization: `Bearer ${await pulse.token("head")}` },
    });
    const entries = ((await audit.json()) as { entries: Array<{ action: string; target: string }> }).entries;
    expect(entries[0]).toMatchObject({
      action: "settings.change",
      target: "/api/v1/connectors/servicenow/mapping",
    });
    // Back to the defaults for the other tests.
    expect((await staff("head", "PUT", { fields: {} })).status).toBe(200);
  });

  it("reads the supplier from a Jira site's custom field once a head maps it", async () => {
    const mapping = "/api/v1/connectors/jira/mapping";
    const put = await pulse.app.request(mapping, {
      method: "PUT",
      headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" },
      body: JSON.stringify({ fields: { supplier: ["issue.fields.customfield_10070.value"] } }),
    });
    expect(put.status).toBe(200);
    // A single-select custom field, as Jira's REST API represents its value.
    const event = JSON.parse(fixture("jira-issue-updated-webhook.json")) as {
      issue: { key: string; fields: Record<string, unknown> };
    };
    event.issue.key = "ITSM-4242";
    event.issue.fields.customfield_10070 = { id: "10120", value: "Atlassian Partner Sp. z o.o." };
    const body = JSON.stringify(event);

    const response = await deliver("jira", body, authOf.hub(SECRETS.jira));

    expect(response.status).toBe(202);
    expect((await surveyOf("jira", "ITSM-4242")).dimensions.supplier).toBe("Atlassian Partner Sp. z o.o.");
    const reset = await pulse.app.request(mapping, {
      method: "PUT",
      headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" },
      body: JSON.stringify({ fields: {} }),
    });
    expect(reset.status).toBe(200);
  });

  it("refuses a malformed path with a 400 naming the field, and keeps the mapping in force", async () => {
    const response = await staff("head", "PUT", {
      fields: { service: ["business_service", "caller_id..email"] },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "fields.service.1" })]);
    const read = await staff("head", "GET");
    expect((read.body.fields as Record<string, unknown>).service).toEqual([
      "business_service",
      "service_offering",
      "cmdb_ci",
    ]);
  });

  it("refuses a field Pulse does not map, naming it, and answers 404 for a connector Pulse does not have", async () => {
    const unknownField = await staff("head", "PUT", { fields: { colour: ["x"] } });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.errors)).toContain("colour");

    const response = await pulse.app.request("/api/v1/connectors/remedy/mapping", {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });
    expect(response.status).toBe(404);
  });

  it("is changed by heads only", async () => {
    expect((await staff("manager", "PUT", { fields: {} })).status).toBe(403);
  });
});
