import { ApiError, api } from "../../api/client.js";
import type { Initiative, InitiativeUpdate } from "../../api/types.js";
import { useState } from "../../use-state.js";

/**
 * Saves part of an initiative as the version the screen shows: on success the screen reloads it, on a version
 * conflict it is told the current version, and any other failure is kept for the panel to show.
 */
export function useInitiativePatch(props: {
  initiative: Initiative;
  onSaved: () => void;
  onConflict: (version: number) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const save = async (fields: Omit<InitiativeUpdate, "expectedVersion">) => {
    setError(null);
    try {
      await api.patch("/api/v1/initiatives/{id}", {
        params: { id: props.initiative.id },
        body: { ...fields, expectedVersion: props.initiative.version },
      });
      props.onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && "currentVersion" in failure.problem) {
        props.onConflict(Number(failure.problem.currentVersion));
      } else setError(failure);
    }
  };
  return { save, error };
}
