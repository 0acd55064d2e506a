import { describe, expect, it } from 'vitest';
import { normalizeForm, normalizeTally, normalizeTypeform } from '../../worker/webhooks/normalize';

const expected = (channel: string) => ({
  kind: 'form',
  channel,
  name: 'Mei Lin',
  phone: '+8613800001111',
  email: 'mei@example.com',
  company: 'Lin Trading',
  city: 'Hangzhou',
  message: 'Price for 200 units?',
  chatUserId: null,
});

describe('every form provider gives the same lead', () => {
  it('a generic form, by mapping or by field name', () => {
    const payload = {
      contact: { name: ' Mei Lin ' },
      phone: '+86 (138) 0000-1111',
      email: 'Mei@Example.com',
      company: 'Lin Trading',
      city: 'Hangzhou',
      message: 'Price for 200 units?',
    };
    expect(normalizeForm(payload, { name: 'contact.name' })).toEqual(expected('form'));
  });

  it('Typeform, by field ref or by answer type', () => {
    const payload = {
      form_response: {
        answers: [
          { type: 'text', field: { type: 'short_text', ref: 'n' }, text: 'Mei Lin' },
          {
            type: 'phone_number',
            field: { type: 'phone_number' },
            phone_number: '+86 138 0000 1111',
          },
          { type: 'email', field: { type: 'email' }, email: 'MEI@example.com' },
          { type: 'text', field: { type: 'short_text', ref: 'co' }, text: 'Lin Trading' },
          { type: 'text', field: { type: 'short_text', ref: 'city' }, text: 'Hangzhou' },
          { type: 'text', field: { type: 'long_text' }, text: 'Price for 200 units?' },
        ],
      },
    };
    expect(normalizeTypeform(payload, { company: 'co', city: 'city' })).toEqual(
      expected('typeform'),
    );
  });

  it('Tally, by mapped label or by the field’s own label', () => {
    const fields = [
      { label: 'Your name', value: 'Mei Lin' },
      { label: 'Phone', value: '+86-138-0000-1111' },
      { label: 'Email', value: 'mei@EXAMPLE.com' },
      { label: 'Company', value: 'Lin Trading' },
      { label: 'City', value: 'Hangzhou' },
      { label: 'Message', value: 'Price for 200 units?' },
    ];
    expect(normalizeTally({ data: { fields } }, { name: 'Your name' })).toEqual(expected('tally'));
  });
});
