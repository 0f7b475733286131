import type { Backlog } from "../../app/initiatives/backlog.js";
import type { ManageInitiatives } from "../../app/initiatives/manage-initiatives.js";
import type { RegisterCsv } from "../../app/initiatives/register-csv.js";
import type { Clock } from "../../app/ports.js";
import {
  BACKLOG_STATUSES,
  type BenefitOutcome,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
} from "../../domain/initiatives/fields.js";
import type { Initiative } from "../../domain/initiatives/initiative.js";
import { nextStatusesFor } from "../../domain/initiatives/workflow.js";
import type { Role } from "../../domain/roles.js";
import type { Handlers } from "../contract/mount.js";
import type { initiativeContracts as contracts } from "../contracts/initiatives.js";

function parseStatuses(status: string | undefined): InitiativeStatus[] {
  if (status === undefined || status.trim() === "") return [...BACKLOG_STATUSES];
  if (status.trim() === "all") return [...INITIATIVE_STATUSES];
  const wanted = status.split(",").map((s) => s.trim());
  return INITIATIVE_STATUSES.filter((s) => wanted.includes(s));
}

/** A benefit assessment as sent, with the reason the domain records (none given: null). */
function benefitOf(benefit: { outcome: BenefitOutcome; reason?: string | null | undefined }) {
  return { outcome: benefit.outcome, reason: benefit.reason ?? null };
}

/** An initiative as the API answers it: with the steps the caller may take next, so the client need not know the workflow. */
function answered<T extends Pick<Initiative, "status" | "heldFrom">>(initiative: T, role: Role) {
  return { ...initiative, nextStatuses: [...nextStatusesFor(initiative, role)] };
}

/** The CSI register's routes: backlog, initiatives, workflow, history, CSV import and export, priority settings. */
export function initiativeHandlers(deps: {
  manageInitiatives: ManageInitiatives;
  backlog: Backlog;
  registerCsv: RegisterCsv;
  clock: Clock;
}): Handlers<typeof contracts> {
  return {
    exportRegister: async () => {
      const csv = await deps.registerCsv.exportCsv();
      const day = deps.clock.now().toISOString().slice(0, 10);
      return {
        status: 200,
        text: csv,
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="csi-register-${day}.csv"`,
        },
      };
    },

    importRegister: async ({ query, body, user }) => {
      const dryRun = query.dryRun === "true";
      const report = await deps.registerCsv.importCsv(body, { dryRun, actor: user.name });
      // An import that stores nothing, every row unchanged, created nothing.
      return report.imported > 0 ? { status: 201, body: report } : { status: 200, body: report };
    },

    readPortfolio: async () => ({ status: 200, body: await deps.manageInitiatives.portfolio() }),

    listInitiatives: async ({ query }) => {
      const { status, ...filters } = query;
      return { status: 200, body: await deps.backlog.list({ ...filters, statuses: parseStatuses(status) }) };
    },

    createInitiative: async ({ body, user }) => {
      const initiative = await deps.manageInitiatives.create(
        { ...body, owner: body.owner ?? user.name },
        user.name,
      );
      return {
        status: 201,
        body: answered(initiative, user.role),
        headers: { location: `/api/v1/initiatives/${initiative.id}` },
      };
    },

    readInitiative: async ({ params, user }) => ({
      status: 200,
      body: answered(await deps.manageInitiatives.get(params.id), user.role),
    }),

    updateInitiative: async ({ params, body, user }) => {
      const { expectedVersion, benefitRealised, ...fields } = body;
      // A field left out stays as it is, so only a benefit that was sent joins the change.
      const patch =
        benefitRealised === undefined
          ? fields
          : { ...fields, benefitRealised: benefitRealised === null ? null : benefitOf(benefitRealised) };
      return {
        status: 200,
        body: answered(
          await deps.manageInitiatives.update(params.id, patch, expectedVersion, user.name),
          user.role,
        ),
      };
    },

    deleteInitiative: async ({ params, query }) => {
      await deps.manageInitiatives.remove(params.id, query.expectedVersion);
      return { status: 204 };
    },

    transitionInitiative: async ({ params, body, user }) => {
      const { to, reason, goLive, benefit, closureCode, expectedVersion } = body;
      const initiative = await deps.manageInitiatives.transition(
        params.id,
        to,
        {
          ...(reason === undefined ? {} : { reason }),
          ...(goLive === undefined ? {} : { goLive }),
          ...(benefit === undefined ? {} : { benefit: benefitOf(benefit) }),
          ...(closureCode === undefined ? {} : { closureCode }),
          actorRole: user.role,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        },
        user.name,
      );
      return { status: 200, body: answered(initiative, user.role) };
    },

    readInitiativeHistory: async ({ params }) => ({
      status: 200,
      body: { items: await deps.manageInitiatives.history(params.id) },
    }),

    readPrioritySettings: async () => ({
      status: 200,
      body: await deps.backlog.getSettings(),
    }),

    savePrioritySettings: async ({ body, user }) => ({
      status: 200,
      body: await deps.backlog.saveSettings(body, user.name),
    }),
  };
}
