import { useState as useDomState, useLayoutEffect, useMemo, useRef } from "hono/jsx/dom";

type SetState<T> = (next: T | ((current: T) => T)) => void;

/**
 * hono/jsx/dom's `useState`, except that a set after the component left the screen is dropped. hono/jsx/dom drops only
 * the first update of a removed component and applies the next one into its old place, so an answer arriving for a
 * screen already left (a save, a load) would draw that screen back beside the next one. Every component of the app
 * takes `useState` from here (the linter refuses hono's own).
 */
export function useState<T>(initial: T | (() => T)): [T, SetState<T>] {
  const [value, set] = useDomState(initial);
  const onScreen = useRef(true);
  // A layout effect's cleanup is in place as the component is put on the screen, and runs when it is removed.
  useLayoutEffect(() => {
    onScreen.current = true;
    return () => {
      onScreen.current = false;
    };
  }, []);
  const setOnScreen = useMemo<SetState<T>>(
    () => (next) => {
      if (onScreen.current) set(next);
    },
    [],
  );
  return [value, setOnScreen];
}
