/** The ticket attributes by which satisfaction is aggregated and broken down. */
export const DIMENSIONS = [
  "service",
  "category",
  "assignmentGroup",
  "agent",
  "supplier",
  "priority",
  "channel",
  "slaBreached",
] as const;

export type Dimension = (typeof DIMENSIONS)[number];

/** The values one ticket has for each dimension; a missing value is left out of that dimension. */
export type DimensionValues = Partial<Record<Dimension, string>>;

/** A series is the whole organisation, one dimension value, or one dimension value within one service. */
export interface SeriesRef {
  dimension: Dimension | "all";
  value: string;
  /** Set when the series is scoped to one service, e.g. agents within "Remote access". */
  service?: string;
}

export const OVERALL: SeriesRef = { dimension: "all", value: "all" };

/** Every series a ticket with these values contributes to: overall, each dimension, and each dimension within its service. */
export function seriesFor(values: DimensionValues): SeriesRef[] {
  const series: SeriesRef[] = [OVERALL];
  for (const dimension of DIMENSIONS) {
    const value = values[dimension];
    if (value === undefined || value === "") continue;
    series.push({ dimension, value });
    if (dimension !== "service" && values.service) series.push({ dimension, value, service: values.service });
  }
  return series;
}

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name);
}
