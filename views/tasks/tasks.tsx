import type { Child } from 'hono/jsx';
import type { WallTask } from '../../durable-objects/region-wall/region-wall';
import { localText } from '../../worker/platform/i18n/labels';
import type { WallColumn } from '../../durable-objects/region-wall/wall-summary';
import type {
  EvidenceRequirement,
  LAG_REASONS,
} from '../../durable-objects/region-wall/escalation-rules';
import { formatDateTime, formatRelative } from '../../worker/platform/http/format';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage, type PageFrame } from '../platform/page';

type Named = { id: string; name: string; nameZh: string };
export type RepOption = { id: string; name: string; cityId: string | null };

const named = (frame: PageFrame, item: { name: string; nameZh: string }) =>
  frame.locale === 'zh-CN' ? item.nameZh : item.name;

function requirementText(frame: PageFrame, required: EvidenceRequirement): string | null {
  const parts = [
    required.photo ? frame.t('task.evidencePhoto') : null,
    required.position ? frame.t('task.evidencePosition') : null,
    required.note ? frame.t('task.evidenceNote') : null,
  ].filter(Boolean);
  return parts.length > 0 ? frame.t('task.requires', { what: parts.join(', ') }) : null;
}

function TaskLine({ task }: { task: WallTask }) {
  const { t, now } = usePage();
  const late = (task.status === 'open' || task.status === 'claimed') && task.dueAt < now;
  return (
    <span class="muted">
      {late ? <strong class="late">{t('today.overdue')}</strong> : null}{' '}
      {t('task.due', { due: formatRelative(task.dueAt, now, t) })}
      {task.claimedByName ? ` · ${t('task.claimedBy', { name: task.claimedByName })}` : ''}
    </span>
  );
}

/** The rep's share of the wall on Today: what they hold, and what their city can still claim. */
export function RepTaskSections({ mine, open }: { mine: WallTask[]; open: WallTask[] }) {
  const frame = usePage();
  const { t } = frame;
  return (
    <div
      id="rep-tasks"
      hx-get="/rep/tasks"
      hx-trigger="every 60s, wall-changed from:body"
      hx-swap="outerHTML"
    >
      {mine.length > 0 ? (
        <section>
          <h2>{t('task.mine')}</h2>
          <ul class="rows">
            {mine.map((task) => (
              <li class={task.dueAt < frame.now ? 'overdue' : undefined}>
                <div class="row-body">
                  <span class="row-title">{localText(frame.locale, task.title, task.titleZh)}</span>
                  <br />
                  <TaskLine task={task} />
                </div>
                <div class="row-actions">
                  <a class="button" href={`/tasks/${task.id}`}>
                    {t('task.complete')}
                  </a>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {open.length > 0 ? (
        <section>
          <h2>{t('task.open')}</h2>
          <ul class="rows">
            {open.map((task) => (
              <li class={task.dueAt < frame.now ? 'overdue' : undefined}>
                <div class="row-body">
                  <a class="row-title" href={`/tasks/${task.id}`}>
                    {localText(frame.locale, task.title, task.titleZh)}
                  </a>
                  <br />
                  <TaskLine task={task} />
                </div>
                <PostButton
                  action={`/tasks/${task.id}/claim`}
                  label={t('task.claim')}
                  formClass="row-actions"
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function TaskPage({
  task,
  city,
  reps,
  lagReasons,
  notice,
  errors,
  values,
}: {
  task: WallTask;
  city: Named | null;
  reps: RepOption[];
  /** Why a task runs late, for the rep to pick from (the wall's rules). */
  lagReasons: typeof LAG_REASONS;
  notice?: string | undefined;
  errors?: MessageKey[];
  values?: Record<string, string>;
}) {
  const frame = usePage();
  const { t, locale, timeZone, user, now } = frame;
  const mine = task.status === 'claimed' && task.claimedBy === user?.id;
  const late = task.dueAt < now;
  const requirement = requirementText(frame, task.evidenceRequired);
  const description = localText(locale, task.description ?? '', task.descriptionZh);
  return (
    <Layout title={localText(frame.locale, task.title, task.titleZh)}>
      <h1>{localText(frame.locale, task.title, task.titleZh)}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {errors && errors.length > 0 ? (
        <div class="notice bad" role="alert">
          {errors.map((key) => (
            <p>{t(key)}</p>
          ))}
        </div>
      ) : null}
      <section class="card">
        {description ? <p>{description}</p> : null}
        <p>
          <TaskLine task={task} />
        </p>
        <p class="muted">
          {city
            ? t('task.cityDue', {
                city: named(frame, city),
                due: formatDateTime(task.dueAt, locale, timeZone),
              })
            : t('task.due', { due: formatDateTime(task.dueAt, locale, timeZone) })}
          {requirement ? ` · ${requirement}` : ''}
        </p>
      </section>
      {user?.role === 'rep' && task.status === 'open' ? (
        <PostButton action={`/tasks/${task.id}/claim`} label={t('task.claim')} buttonClass="wide" />
      ) : null}
      {mine ? (
        <form
          class="card visit-form"
          method="post"
          action={`/tasks/${task.id}/complete`}
          enctype="multipart/form-data"
          data-offline-queue="task"
        >
          <CsrfField />
          <input
            type="hidden"
            name="idempotencyKey"
            value={values?.idempotencyKey ?? crypto.randomUUID()}
          />
          <h2>{t('task.evidence')}</h2>
          {/* rep.js fills lat/lng from the phone, as on the visit form, and says how it went; only
              a task that needs the position asks for it (and warns when the phone will not give it). */}
          {task.evidenceRequired.position ? (
            <fieldset
              class="position"
              data-locating={t('visit.positionLocating')}
              data-found={t('visit.positionFound')}
              data-unavailable={t('task.positionUnavailable')}
              data-denied={t('task.positionDenied')}
            >
              <legend>{t('task.evidencePosition')}</legend>
              <input type="hidden" name="lat" value={values?.lat ?? ''} />
              <input type="hidden" name="lng" value={values?.lng ?? ''} />
              <p class="muted position-status" aria-live="polite">
                {values?.lat && values?.lng ? t('task.positionCaptured') : t('task.positionHelp')}
              </p>
            </fieldset>
          ) : null}
          <label for="photo">{t('task.evidencePhoto')}</label>
          <input
            id="photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            required={task.evidenceRequired.photo}
          />
          <label for="note">{t('task.evidenceNote')}</label>
          <textarea
            id="note"
            name="note"
            rows={3}
            maxlength={2000}
            required={task.evidenceRequired.note}
          >
            {values?.note ?? ''}
          </textarea>
          {late ? (
            <>
              <label for="lagReason">{t('task.lagReason')}</label>
              <select id="lagReason" name="lagReason" required>
                <option value=""></option>
                {lagReasons.map((reason) => (
                  <option value={reason} selected={values?.lagReason === reason}>
                    {t(`lag.${reason}`)}
                  </option>
                ))}
              </select>
              <label for="lagNote">{t('task.lagNote')}</label>
              <input
                id="lagNote"
                name="lagNote"
                type="text"
                maxlength={500}
                value={values?.lagNote ?? ''}
              />
            </>
          ) : null}
          <p>
            <button type="submit" class="wide">
              {t('task.complete')}
            </button>
          </p>
        </form>
      ) : null}
      {(user?.role === 'manager' || user?.role === 'director') &&
      (task.status === 'open' || task.status === 'claimed') ? (
        <ManagerTaskActions task={task} reps={reps.filter((rep) => rep.cityId === task.cityId)} />
      ) : null}
    </Layout>
  );
}

function ManagerTaskActions({ task, reps }: { task: WallTask; reps: RepOption[] }) {
  const { t } = usePage();
  return (
    <div class="actions">
      {task.status === 'claimed' ? (
        <PostButton
          action={`/tasks/${task.id}/release`}
          label={t('task.release')}
          buttonClass="secondary"
        />
      ) : null}
      {reps.length > 0 ? (
        <form method="post" action={`/tasks/${task.id}/reassign`} class="search">
          <CsrfField />
          <select name="repId" aria-label={t('task.reassignTo')}>
            {reps.map((rep) => (
              <option value={rep.id} selected={rep.id === task.claimedBy}>
                {rep.name}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            {t('task.reassign')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

const COLUMNS: { key: WallColumn; label: MessageKey }[] = [
  { key: 'open', label: 'wall.open' },
  { key: 'claimed', label: 'wall.claimed' },
  { key: 'overdue', label: 'wall.overdue' },
  { key: 'doneToday', label: 'wall.doneToday' },
];

/**
 * The board's columns, and whatever else must stay in step with them (the region's counts per
 * city, as children): the whole block is refreshed in place when the region's socket says
 * something changed, or every minute.
 */
export function WallBoard({
  regionId,
  tasks,
  cities,
  cityFilter,
  children,
}: {
  regionId: string;
  /** Each task with the column it stands in (null: off the board), placed by the wall's rules. */
  tasks: (WallTask & { column: WallColumn | null })[];
  cities: Named[];
  cityFilter: string | null;
  children?: Child;
}) {
  const frame = usePage();
  const { t } = frame;
  const query = new URLSearchParams({
    region: regionId,
    ...(cityFilter ? { city: cityFilter } : {}),
  });
  const byColumn = new Map<WallColumn, WallTask[]>(COLUMNS.map((column) => [column.key, []]));
  for (const task of tasks) {
    if (cityFilter && task.cityId !== cityFilter) continue;
    if (task.column) byColumn.get(task.column)!.push(task);
  }
  const cityName = (id: string) => {
    const city = cities.find((c) => c.id === id);
    return city ? named(frame, city) : id;
  };
  return (
    <div
      id="wall-board"
      data-live={`/wall/live?region=${regionId}`}
      hx-get={`/manager/wall/board?${query}`}
      hx-trigger="every 60s, wall-changed from:body"
      hx-swap="outerHTML"
    >
      <div class="board">
        {COLUMNS.map((column) => {
          const items = byColumn.get(column.key)!;
          return (
            <section class={`column column-${column.key}`}>
              <h3>
                {t(column.label)} <span class="count">{items.length}</span>
              </h3>
              {items.length === 0 ? <p class="muted">{t('wall.empty')}</p> : null}
              <ul class="rows">
                {items.map((task) => (
                  <li>
                    <a href={`/tasks/${task.id}`}>
                      <span class="row-title">
                        {localText(frame.locale, task.title, task.titleZh)}
                      </span>
                      <br />
                      <span class="muted">{`${cityName(task.cityId)} · `}</span>
                      <TaskLine task={task} />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {children}
    </div>
  );
}
