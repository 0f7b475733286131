import { type Initiative, isOneOf, TASK_STATES } from "../../api/types.js";
import { ProblemNotice } from "../../components/problem-notice.js";
import { useI18n } from "../../i18n/i18n.js";
import { term } from "../../i18n/vocabulary.js";
import { useInitiativePatch } from "./use-initiative-patch.js";

type Task = Initiative["tasks"][number];

/** An initiative's tasks with the % complete they make; a manager adds tasks and moves each one's state. */
export function TasksPanel(props: {
  initiative: Initiative;
  editable: boolean;
  onSaved: () => void;
  onConflict: (version: number) => void;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { tasks, percentComplete } = props.initiative;
  const patch = useInitiativePatch(props);
  const { error } = patch;
  const save = (next: Task[]) => patch.save({ tasks: next });
  const add = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const due = String(data.get("due") ?? "");
    const task: Task = {
      title: String(data.get("title") ?? "").trim(),
      owner: String(data.get("owner") ?? "").trim(),
      due: due === "" ? null : due,
      state: "open",
    };
    void save([...tasks, task]);
  };

  return (
    <section class="panel" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t("tasks")}</h2>
      {error !== null && <ProblemNotice error={error} />}
      <p>{percentComplete === null ? t("noTasks") : t("percentComplete", { percent: percentComplete })}</p>
      {tasks.length > 0 && (
        <ul class="tasks">
          {tasks.map((task, index) => (
            <li key={`${index}${task.title}`}>
              <strong>{task.title}</strong> · {task.owner || "–"} · {task.due ? i18n.date(task.due) : "–"}{" "}
              {props.editable ? (
                <select
                  aria-label={t("taskStateOf", { title: task.title })}
                  onChange={(e: Event) => {
                    const state = (e.target as HTMLSelectElement).value;
                    if (isOneOf(TASK_STATES, state))
                      void save(tasks.map((other, k) => (k === index ? { ...other, state } : other)));
                  }}
                >
                  {TASK_STATES.map((state) => (
                    <option value={state} selected={state === task.state}>
                      {term(locale, `task-${state}`)}
                    </option>
                  ))}
                </select>
              ) : (
                term(locale, `task-${task.state}`)
              )}
            </li>
          ))}
        </ul>
      )}
      {props.editable && (
        <form onSubmit={add} aria-label={t("addTask")}>
          <div class="form-grid">
            <label>
              {t("title")}
              <input name="title" required maxLength={200} />
            </label>
            <label>
              {t("owner")}
              <input name="owner" maxLength={200} />
            </label>
            <label>
              {t("taskDue")}
              <input name="due" type="date" />
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {t("addTask")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
