import { describe, expect, it } from 'vitest';
import { CLOSE_REASON_MAX_LENGTH, closeReasonFromVisit } from '../../worker/deals/deal-input';
import {
  documentKindsOf,
  isGatedMove,
  missingForMove,
  missingForStage,
  nextStage,
  type StageGate,
} from '../../worker/deals/stage-gates';

const gate = (overrides: Partial<StageGate>): StageGate => ({
  id: crypto.randomUUID(),
  stage: 'propose',
  requirement: 'document',
  documentKind: null,
  label: null,
  labelZh: null,
  contactRole: null,
  ...overrides,
});

const requirementsForm = gate({
  documentKind: 'requirements_form',
  label: 'Signed requirements form',
  labelZh: '签字需求确认书',
});
const nothing = { documentKinds: [], hasNote: false, contactRoles: [] };

describe('missingForStage', () => {
  it('lists a document of the gate’s kind when the deal has none, with both labels', () => {
    expect(missingForStage([requirementsForm], nothing)).toEqual([
      {
        requirement: 'document',
        documentKind: 'requirements_form',
        label: 'Signed requirements form',
        labelZh: '签字需求确认书',
      },
    ]);
  });

  it('is satisfied by a document of that kind, not by another kind', () => {
    expect(
      missingForStage([requirementsForm], { ...nothing, documentKinds: ['requirements_form'] }),
    ).toEqual([]);
    expect(
      missingForStage([requirementsForm], { ...nothing, documentKinds: ['other'] }),
    ).toHaveLength(1);
  });

  it('asks for a note and for a contact of a decision role', () => {
    const gates = [
      gate({ requirement: 'note' }),
      gate({ requirement: 'contact_role', contactRole: 'decision_maker' }),
    ];
    expect(missingForStage(gates, { ...nothing, contactRoles: ['user', null] })).toEqual([
      { requirement: 'note' },
      { requirement: 'contact_role', contactRole: 'decision_maker' },
    ]);
    expect(
      missingForStage(gates, {
        documentKinds: [],
        hasNote: true,
        contactRoles: ['decision_maker'],
      }),
    ).toEqual([]);
  });

  it('names a requirement once even when two gates ask for it', () => {
    expect(
      missingForStage([requirementsForm, { ...requirementsForm, id: 'twin' }], nothing),
    ).toHaveLength(1);
  });
});

describe('missingForMove', () => {
  it('applies the gates of every stage entered, so skipping a stage does not skip its gate', () => {
    expect(missingForMove('discover', 'propose', [requirementsForm], nothing)).toHaveLength(1);
    expect(missingForMove('discover', 'negotiate', [requirementsForm], nothing)).toHaveLength(1);
    expect(missingForMove('qualify', 'won', [requirementsForm], nothing)).toHaveLength(1);
    expect(missingForMove('propose', 'negotiate', [requirementsForm], nothing)).toEqual([]);
  });

  it('never asks a deal being lost for the gates of the stages it did not reach', () => {
    expect(missingForMove('qualify', 'lost', [requirementsForm], nothing)).toEqual([]);
  });

  it('never gates a step back or staying put', () => {
    expect(missingForMove('negotiate', 'propose', [requirementsForm], nothing)).toEqual([]);
    expect(missingForMove('propose', 'propose', [requirementsForm], nothing)).toEqual([]);
    expect(isGatedMove('won', 'negotiate')).toBe(false);
  });

  it('gates a new deal created straight into a gated stage, and won or lost when they have gates', () => {
    expect(missingForMove(null, 'propose', [requirementsForm], nothing)).toHaveLength(1);
    const wonNeedsNote = gate({ stage: 'won', requirement: 'note' });
    expect(missingForMove('negotiate', 'won', [wonNeedsNote], nothing)).toEqual([
      { requirement: 'note' },
    ]);
    expect(missingForMove('negotiate', 'lost', [wonNeedsNote], nothing)).toEqual([]);
  });
});

describe('nextStage and documentKindsOf', () => {
  it('walks towards won and stops at a closed deal', () => {
    expect(nextStage('discover')).toBe('propose');
    expect(nextStage('negotiate')).toBe('won');
    expect(nextStage('lost')).toBeNull();
  });

  it('offers each gate document kind once', () => {
    expect(
      documentKindsOf([
        requirementsForm,
        { ...requirementsForm, stage: 'negotiate' },
        gate({ requirement: 'note' }),
      ]),
    ).toEqual([
      { code: 'requirements_form', label: 'Signed requirements form', labelZh: '签字需求确认书' },
    ]);
  });
});

describe('closeReasonFromVisit', () => {
  it('keeps a summary as the reason, and cuts a long one to the reason’s length', () => {
    expect(closeReasonFromVisit('  Lost on price.  ')).toBe('Lost on price.');
    const long = closeReasonFromVisit('word '.repeat(200));
    expect(long).toHaveLength(CLOSE_REASON_MAX_LENGTH);
    expect(long.endsWith('word…')).toBe(true);
  });
});
