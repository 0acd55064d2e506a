/**
 * A stage change the gates refuse: 422 `stage_gate_unmet` with what is missing, in the reader's
 * language (`details.missing` keeps the codes for programs). Pages catch it and show the list at
 * the stage field with a way to add each item.
 */
import type { DealStage, Locale } from '../platform/db/schema';
import { HttpError } from '../platform/http/errors';
import type { Translate } from '../platform/i18n';
import type { MissingRequirement } from './stage-gates';
import { describeRequirement } from '../../views/deals/describe-requirement';

export const STAGE_GATE_UNMET = 'stage_gate_unmet';

export class StageGateUnmet extends HttpError {
  constructor(
    readonly stage: DealStage,
    readonly missing: MissingRequirement[],
    t: Translate,
    locale: Locale,
  ) {
    super(
      422,
      STAGE_GATE_UNMET,
      t('gates.unmet', {
        stage: t(`stage.${stage}`),
        missing: missing.map((item) => describeRequirement(item, t, locale)).join('; '),
      }),
      { stage, missing },
    );
  }
}

/** Throws when the gates of `to` are not met (a step back or staying put never is gated). */
export function assertGatesMet(
  to: DealStage,
  missing: MissingRequirement[],
  t: Translate,
  locale: Locale,
): void {
  if (missing.length > 0) throw new StageGateUnmet(to, missing, t, locale);
}
