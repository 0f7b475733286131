/**
 * When each scheduled job runs, in the organisation's time zone, written once as EventBridge cron fields: the CDK
 * stack turns them into EventBridge Scheduler schedules, and the local runtime into croner patterns.
 */

/** The fields of an EventBridge cron expression, `cron(minute hour day month weekDay year)`; omitted ones are `*`. */
export interface EventBridgeCron {
  readonly minute: string;
  readonly hour?: string;
  /** Day of the month; at most one of `day` and `weekDay` is given (the other becomes `?`). */
  readonly day?: string;
  readonly month?: string;
  /** 1-7 with 1 = Sunday, or SUN-SAT, as EventBridge counts them. */
  readonly weekDay?: string;
  readonly year?: string;
}

export interface JobSchedule {
  readonly cron: EventBridgeCron;
  readonly description: string;
}

export const SCHEDULED_JOBS = {
  "send-reminders": {
    cron: { minute: "0", hour: "9" },
    description: "one reminder to requesters who have not answered three days after their invitation",
  },
  "monthly-digest": {
    cron: { minute: "0", hour: "7", day: "1" },
    description: "last month's satisfaction digest to the heads of service management",
  },
  "retention-sweep": {
    cron: { minute: "0", hour: "3" },
    description: "personal data past the retention period removed, scores kept",
  },
  "sweep-invitations": {
    cron: { minute: "0/15" },
    description: "pending invitations whose hand-over to the mail queue failed, queued again",
  },
} as const satisfies Record<string, JobSchedule>;

export type ScheduledJobName = keyof typeof SCHEDULED_JOBS;

interface FieldRule {
  readonly name: keyof EventBridgeCron;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Characters besides `, - * /` that EventBridge accepts in this field. */
  readonly special: RegExp;
}

const FIELD_RULES: readonly FieldRule[] = [
  { name: "minute", min: 0, max: 59, special: /^$/ },
  { name: "hour", min: 0, max: 23, special: /^$/ },
  { name: "day", min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    special: /^$/,
  },
  {
    name: "weekDay",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    special: /^(\?|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5])$/,
  },
  { name: "year", min: 1970, max: 2199, special: /^$/ },
];

function fieldValue(token: string, rule: FieldRule): number | undefined {
  const named = rule.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + rule.min;
  if (!/^\d+$/.test(token)) return undefined;
  const value = Number(token);
  return value >= rule.min && value <= rule.max ? value : undefined;
}

function fieldProblem(text: string, rule: FieldRule): string | undefined {
  if (text === "*" || rule.special.test(text.toUpperCase())) return undefined;
  for (const part of text.split(",")) {
    const [range = "", step, extra] = part.split("/");
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
      return `${rule.name} "${text}": a step is one positive number after "/"`;
    }
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2 || bounds.some((bound) => fieldValue(bound, rule) === undefined)) {
      return `${rule.name} "${text}": expected values in ${rule.min}-${rule.max}${rule.names ? ` or ${rule.names[0]}-${rule.names.at(-1)}` : ""}`;
    }
  }
  return undefined;
}

/** Lists what makes cron fields unacceptable to EventBridge (empty when they are valid). */
export function eventBridgeCronProblems(cron: EventBridgeCron): string[] {
  const problems = FIELD_RULES.flatMap((rule) => {
    const text = cron[rule.name];
    if (text === undefined) return [];
    if (text.trim() !== text || text === "") return [`${rule.name}: empty or padded`];
    return [fieldProblem(text, rule)].filter((problem) => problem !== undefined);
  });
  // EventBridge needs "?" in one of the two day fields; CDK fills it in when only one of them is given.
  const day = cron.day ?? "*";
  const weekDay = cron.weekDay ?? "?";
  if (cron.day !== undefined && cron.weekDay !== undefined && day !== "?" && weekDay !== "?") {
    problems.push("day and weekDay: one of them must be ?");
  }
  return problems;
}

const WEEKDAY_NUMBER = /\d+/g;

function ruleFor(name: keyof EventBridgeCron): FieldRule {
  return FIELD_RULES.find((rule) => rule.name === name) as FieldRule;
}

/** croner refuses a step from a single start (`0/15`), so it gets the range to the field's end (`0-59/15`). */
function explicitRanges(text: string, rule: FieldRule): string {
  return text
    .split(",")
    .map((part) => {
      const [start, step] = part.split("/");
      if (step === undefined || start === "*" || start?.includes("-")) return part;
      return `${start}-${rule.max}/${step}`;
    })
    .join(",");
}

/** Turns EventBridge cron fields into the 5-field pattern croner reads (minute hour day month weekday, Sunday = 0). */
export function cronPattern(cron: EventBridgeCron): string {
  const problems = eventBridgeCronProblems(cron);
  if (problems.length > 0) throw new Error(`Not an EventBridge cron: ${problems.join("; ")}`);
  if (cron.year !== undefined && cron.year !== "*") {
    throw new Error(`A cron with a year (${cron.year}) has no 5-field equivalent`);
  }
  const field = (name: keyof EventBridgeCron) => {
    const text = cron[name];
    return text === undefined || text === "?" ? "*" : explicitRanges(text, ruleFor(name));
  };
  // EventBridge counts weekdays 1-7 from Sunday; croner 0-6 from Sunday. Names are the same in both.
  const weekDay = field("weekDay").replace(WEEKDAY_NUMBER, (digits, offset: number, whole: string) =>
    whole[offset - 1] === "#" || whole[offset - 1] === "/" ? digits : String(Number(digits) - 1),
  );
  return [field("minute"), field("hour"), field("day"), field("month"), weekDay].join(" ");
}
