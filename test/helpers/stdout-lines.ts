/** Captures the JSON lines a block of code writes to stdout (Powertools' logs and EMF documents), and only those. */
export async function jsonLinesWrittenBy(
  run: () => Promise<unknown>,
): Promise<Array<Record<string, unknown>>> {
  const original = process.stdout.write.bind(process.stdout);
  let written = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    // A writer that waits for the flush callback must still get it.
    const done = rest.find((argument) => typeof argument === "function") as (() => void) | undefined;
    done?.();
    return true;
    // biome-ignore lint/suspicious/noExplicitAny: the overloads of write cannot be restated here.
  }) as any;
  try {
    await run();
  } finally {
    process.stdout.write = original;
  }
  return written
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The metric names of the EMF documents among captured lines, with each document's dimension values. */
export function emfMetrics(lines: ReadonlyArray<Record<string, unknown>>) {
  return lines.flatMap((line) => {
    const aws = line._aws as
      | {
          CloudWatchMetrics: Array<{
            Namespace: string;
            Dimensions: string[][];
            Metrics: Array<{ Name: string }>;
          }>;
        }
      | undefined;
    if (!aws) return [];
    return aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        value: line[metric.Name],
        dimensions: Object.fromEntries(directive.Dimensions.flat().map((key) => [key, line[key]])),
      })),
    );
  });
}
