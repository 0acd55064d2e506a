import type { DecisionRole, Locale } from '../../worker/platform/db/schema';
import type { Translate } from '../../worker/platform/i18n';

/** A gate's requirement, or one a deal is missing: the shapes share these fields. */
type Requirement = {
  requirement: 'document' | 'note' | 'contact_role';
  label?: string | null;
  labelZh?: string | null;
  documentKind?: string | null;
  contactRole?: DecisionRole | null;
};

/** "a document: Signed requirements form" / "文件：签字需求确认书", in the reader's language. */
export function describeRequirement(item: Requirement, t: Translate, locale: Locale): string {
  switch (item.requirement) {
    case 'document': {
      const label = (locale === 'zh-CN' ? item.labelZh : item.label) ?? item.label;
      return t('gates.need.document', { label: label ?? item.documentKind ?? '' });
    }
    case 'note':
      return t('gates.need.note');
    case 'contact_role':
      return t('gates.need.contact', {
        role: item.contactRole ? t(`decisionRole.${item.contactRole}`) : '',
      });
  }
}
