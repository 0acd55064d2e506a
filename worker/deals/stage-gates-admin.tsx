import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { recordChange } from '../platform/audit/record-change';
import { DEAL_STAGES, DECISION_ROLES, GATE_REQUIREMENTS, stageGates } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { StageGatesPage } from '../../views/deals/stage-gates-admin';
import { gatesQuery } from './gate-evidence';

const label = z.string().trim().min(1).max(80);
/** One requirement: a document kind (a code and its two labels), a note, or a contact's role. */
const gateForm = z.discriminatedUnion('requirement', [
  z.object({
    stage: z.enum(DEAL_STAGES),
    requirement: z.literal('document'),
    documentKind: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/),
    label,
    labelZh: label,
  }),
  z.object({ stage: z.enum(DEAL_STAGES), requirement: z.literal('note') }),
  z.object({
    stage: z.enum(DEAL_STAGES),
    requirement: z.literal('contact_role'),
    contactRole: z.enum(DECISION_ROLES),
  }),
]);
type GateForm = z.output<typeof gateForm>;

async function renderGates(c: Context<AppEnv>, error?: MessageKey) {
  const gates = await gatesQuery(c.var.db, null);
  if (error) c.status(422);
  return c.render(
    <StageGatesPage
      gates={gates}
      error={error}
      stages={DEAL_STAGES}
      requirements={GATE_REQUIREMENTS}
      roles={DECISION_ROLES}
    />,
  );
}

/** The same requirement already on that stage. */
function sameRequirement(gate: GateForm): SQL | undefined {
  return and(
    eq(stageGates.stage, gate.stage),
    eq(stageGates.requirement, gate.requirement),
    gate.requirement === 'document'
      ? eq(stageGates.documentKind, gate.documentKind)
      : gate.requirement === 'contact_role'
        ? eq(stageGates.contactRole, gate.contactRole)
        : isNull(stageGates.documentKind),
  );
}

/** `/admin/stage-gates`: per stage, what a deal needs before it may enter it. */
export const stageGatesAdmin = new Hono<AppEnv>()
  .get('/', (c) => renderGates(c))
  .post('/', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.stageGates.create', body[SUBMISSION_KEY_FIELD], async () => {
      const form = gateForm.safeParse(body);
      if (!form.success) return renderGates(c, 'gates.error');
      const gate = form.data;
      const [existing] = await c.var.db
        .select({ id: stageGates.id })
        .from(stageGates)
        .where(sameRequirement(gate))
        .limit(1);
      if (existing) return renderGates(c, 'gates.exists');
      const now = Date.now();
      const row = {
        id: crypto.randomUUID(),
        stage: gate.stage,
        requirement: gate.requirement,
        documentKind: gate.requirement === 'document' ? gate.documentKind : null,
        label: gate.requirement === 'document' ? gate.label : null,
        labelZh: gate.requirement === 'document' ? gate.labelZh : null,
        contactRole: gate.requirement === 'contact_role' ? gate.contactRole : null,
        createdBy: currentUser(c).id,
        createdAt: now,
      };
      return {
        location: '/admin/stage-gates',
        statements: [
          c.var.db.insert(stageGates).values(row),
          recordChange(c.var.db, {
            actorId: row.createdBy,
            action: 'stage_gate.added',
            subjectType: 'stage_gate',
            subjectId: row.id,
            customerId: null,
            after: gate,
            now,
          }),
        ],
      };
    });
  })
  .post('/:id/remove', validate('param', z.object({ id: z.uuid() })), async (c) => {
    const { id } = c.req.valid('param');
    const [gate] = await c.var.db.select().from(stageGates).where(eq(stageGates.id, id)).limit(1);
    if (!gate) throw notFound();
    await c.var.db.batch([
      c.var.db.delete(stageGates).where(eq(stageGates.id, id)),
      recordChange(c.var.db, {
        actorId: currentUser(c).id,
        action: 'stage_gate.removed',
        subjectType: 'stage_gate',
        subjectId: id,
        customerId: null,
        before: {
          stage: gate.stage,
          requirement: gate.requirement,
          documentKind: gate.documentKind,
          label: gate.label,
          labelZh: gate.labelZh,
          contactRole: gate.contactRole,
        },
        now: Date.now(),
      }),
    ]);
    return c.redirect('/admin/stage-gates', 303);
  });
