import { describe, expect, it } from "vitest";
import {
  initiativeToRow,
  planImport,
  registerToCsv,
  rowToInitiativeInput,
} from "../../../functions/src/domain/initiatives/csv.js";
import { updateInitiative } from "../../../functions/src/domain/initiatives/initiative.js";
import { ACTOR, anInitiative, caught, NOW } from "./initiative-builders.js";

const edit = { actor: ACTOR, now: NOW, expectedVersion: 1 };

describe("Service-desk records of an initiative", () => {
  it("links incidents, problems and changes by number, trimming them and reading a missing address as none", () => {
    const initiative = anInitiative({
      records: [
        { kind: "incident", id: " INC0012345 ", url: "https://desk.example.com/inc/INC0012345" },
        { kind: "change", id: "CHG0000042" },
      ],
    });
    expect(initiative.records).toEqual([
      { kind: "incident", id: "INC0012345", url: "https://desk.example.com/inc/INC0012345" },
      { kind: "change", id: "CHG0000042", url: null },
    ]);
    expect(anInitiative().records).toEqual([]);
  });

  it("refuses an unknown kind, an empty number, a duplicate and an address that is not http(s), naming each", () => {
    const error = caught(() =>
      anInitiative({
        records: [
          { kind: "request" as never, id: "REQ1" },
          { kind: "incident", id: "" },
          { kind: "problem", id: "PRB1", url: "javascript:alert(1)" },
          { kind: "problem", id: "PRB1", url: "not an address" },
        ],
      }),
    );
    const fields = ((error.details?.fields ?? []) as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual([
      "records.0.kind",
      "records.1.id",
      "records.2.url",
      "records.3.id",
      "records.3.url",
    ]);
  });

  it("replaces the list with a PATCH, recording the change in the history", () => {
    const initiative = anInitiative();
    const next = updateInitiative(
      initiative,
      { records: [{ kind: "problem", id: "PRB7", url: null }] },
      edit,
    );
    expect(next.version).toBe(2);
    expect(next.records).toEqual([{ kind: "problem", id: "PRB7", url: null }]);
    expect(next.history.at(-1)).toMatchObject({ field: "records", from: [], to: next.records });
  });

  it("writes one record a line in the register and reads it back, with service-desk abbreviations and Polish kinds", () => {
    const original = anInitiative({
      records: [
        { kind: "incident", id: "INC1", url: "http://desk.example.com/INC1" },
        { kind: "change", id: "CHG2" },
      ],
    });
    const row = initiativeToRow(original);
    expect(row.records).toBe("incident | INC1 | http://desk.example.com/INC1\nchange | CHG2 | ");
    const read = rowToInitiativeInput(
      { ...row, records: "INC | INC9\nzmiana | CHG3 | https://x.example/3" },
      2,
    );
    expect(read.ok && read.input.records).toEqual([
      { kind: "incident", id: "INC9", url: null },
      { kind: "change", id: "CHG3", url: "https://x.example/3" },
    ]);
    expect(planImport(registerToCsv([original]), { stored: [original] }).accepted[0]?.outcome).toBe(
      "unchanged",
    );
  });

  it("names the records column and the line when a record cannot be read, and the address when it is not one", () => {
    const row = initiativeToRow(anInitiative());
    const unreadable = rowToInitiativeInput({ ...row, records: "incident | INC1\nticket | T-2" }, 2);
    expect(!unreadable.ok && unreadable.errors).toEqual([
      expect.objectContaining({
        field: "records",
        message: expect.stringContaining('line 2 "ticket | T-2"'),
      }),
    ]);
    const badUrl = rowToInitiativeInput({ ...row, records: "incident | INC1 | ftp://x" }, 2);
    expect(!badUrl.ok && badUrl.errors).toEqual([
      { field: "records", message: expect.stringMatching(/^line 1: url must be an http or https address/) },
    ]);
  });
});

describe("Actual cost of an initiative", () => {
  it("starts unknown, is set and cleared with a PATCH, and must not be negative", () => {
    const initiative = anInitiative();
    expect(initiative.actualCost).toBeNull();
    const spent = updateInitiative(initiative, { actualCost: 9_500.5 }, edit);
    expect(spent.actualCost).toBe(9_500.5);
    expect(
      updateInitiative(spent, { actualCost: null }, { ...edit, expectedVersion: 2 }).actualCost,
    ).toBeNull();
    const error = caught(() => updateInitiative(initiative, { actualCost: -1 }, edit));
    expect(error.details?.fields).toEqual([{ field: "actualCost", message: "must be a number >= 0" }]);
  });

  it("is a register column read with decimal commas and a currency, as the estimate is", () => {
    const row = initiativeToRow(anInitiative({ actualCost: 1500 }));
    expect(row.actualCost).toBe("1500");
    const read = rowToInitiativeInput({ ...row, actualCost: "PLN 1 234,50" }, 2);
    expect(read.ok && read.input.actualCost).toBe(1234.5);
    const polish = rowToInitiativeInput({ ...row, actualCost: "", "Koszt rzeczywisty": "12" } as never, 2);
    expect(polish.ok && polish.input.actualCost).toBe(12);
  });
});
