/**
 * The fields each kind of import fills, with the headers (English and Chinese) that name them,
 * and the automatic mapping of a file's header row onto them. Pure, so it is unit-tested.
 */
import type { ImportKind } from '../platform/db/schema';

export type ImportField = { key: string; required?: boolean; headers: readonly string[] };

const EXTERNAL_ID = ['external id', 'externalid', 'ext id', 'id', '编号', '外部编号', '外部id'];
const PHONE = [
  'phone',
  'mobile',
  'tel',
  'telephone',
  'phone number',
  '手机',
  '电话',
  '手机号',
  '手机号码',
  '联系电话',
];
const EMAIL = ['email', 'e-mail', 'mail', 'email address', '邮箱', '电子邮件', '电子邮箱'];
const CITY = ['city', '城市', '所在城市'];
const OWNER = [
  'owner',
  'owner email',
  'rep',
  'rep email',
  '负责人',
  '负责人邮箱',
  '销售',
  '销售邮箱',
];
const CUSTOMER_REF = [
  'customer',
  'customer id',
  'customer external id',
  'customer phone',
  '客户',
  '客户编号',
  '客户名称',
  '客户手机',
];
const AMOUNT = ['amount', 'value', 'total', '金额', '总金额', '合同金额', '订单金额'];
const CURRENCY = ['currency', '币种', '货币'];
const STATUS = ['status', 'state', '状态'];

export const IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  customers: [
    { key: 'externalId', headers: [...EXTERNAL_ID, 'customer id', '客户编号'] },
    {
      key: 'name',
      required: true,
      headers: [
        'name',
        'customer',
        'customer name',
        'company',
        'company name',
        '客户名称',
        '客户',
        '名称',
        '公司',
        '公司名称',
      ],
    },
    { key: 'phone', headers: PHONE },
    { key: 'email', headers: EMAIL },
    { key: 'city', required: true, headers: CITY },
    { key: 'address', headers: ['address', 'street', '地址', '详细地址'] },
    { key: 'grade', headers: ['grade', 'level', 'class', '等级', '客户等级', '级别'] },
    { key: 'industry', headers: ['industry', 'sector', '行业', '所属行业'] },
    {
      key: 'lifecycleStage',
      headers: ['stage', 'lifecycle', 'lifecycle stage', '阶段', '生命周期', '客户阶段'],
    },
    { key: 'owner', headers: OWNER },
  ],
  contacts: [
    { key: 'externalId', headers: [...EXTERNAL_ID, 'contact id', '联系人编号'] },
    { key: 'customer', required: true, headers: CUSTOMER_REF },
    {
      key: 'name',
      required: true,
      headers: ['name', 'contact', 'contact name', 'full name', '联系人', '姓名', '联系人姓名'],
    },
    { key: 'title', headers: ['title', 'job title', 'position', '职位', '职务', '头衔'] },
    { key: 'phone', headers: PHONE },
    { key: 'email', headers: EMAIL },
    { key: 'decisionRole', headers: ['decision role', 'role', 'buying role', '角色', '决策角色'] },
  ],
  contracts: [
    { key: 'externalId', headers: [...EXTERNAL_ID, 'contract id'] },
    {
      key: 'number',
      required: true,
      headers: [
        'number',
        'contract number',
        'contract no',
        'contract no.',
        'contract',
        '合同编号',
        '合同号',
        '合同',
      ],
    },
    { key: 'customer', required: true, headers: CUSTOMER_REF },
    { key: 'amount', required: true, headers: AMOUNT },
    { key: 'currency', headers: CURRENCY },
    {
      key: 'startAt',
      required: true,
      headers: [
        'start',
        'start date',
        'starts',
        'begin',
        '开始日期',
        '开始',
        '生效日期',
        '起始日期',
      ],
    },
    {
      key: 'endAt',
      required: true,
      headers: [
        'end',
        'end date',
        'ends',
        'expiry',
        'expiry date',
        '结束日期',
        '结束',
        '到期日',
        '到期日期',
      ],
    },
    {
      key: 'paymentTerms',
      headers: ['payment terms', 'payment', 'terms', '付款条件', '付款方式', '账期'],
    },
    { key: 'status', headers: STATUS },
    { key: 'owner', headers: OWNER },
  ],
  orders: [
    {
      key: 'externalId',
      required: true,
      headers: [...EXTERNAL_ID, 'order id', 'order number', 'order no', '订单编号', '订单号'],
    },
    { key: 'customer', required: true, headers: CUSTOMER_REF },
    {
      key: 'contract',
      headers: ['contract', 'contract number', 'contract no', '合同编号', '合同号', '合同'],
    },
    {
      key: 'orderedAt',
      required: true,
      headers: ['date', 'order date', 'ordered', 'ordered at', '下单日期', '日期', '订单日期'],
    },
    { key: 'amount', required: true, headers: AMOUNT },
    { key: 'currency', headers: CURRENCY },
    { key: 'status', headers: STATUS },
    { key: 'owner', headers: OWNER },
  ],
  users: [
    { key: 'email', required: true, headers: EMAIL },
    {
      key: 'name',
      required: true,
      headers: ['name', 'full name', 'user', '姓名', '名字', '用户名'],
    },
    { key: 'role', headers: ['role', '角色', '岗位'] },
    { key: 'city', headers: CITY },
    { key: 'phone', headers: PHONE },
  ],
};

/** A header as compared: lower case, without spaces, underscores, dashes, dots or colons (any width). */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:：*（）()]/g, '');
}

/**
 * The field each column goes to (null: ignored): a column whose header names a field of the kind
 * takes it, each field at most once, the leftmost column first.
 */
export function matchHeaders(kind: ImportKind, headers: readonly string[]): (string | null)[] {
  const byHeader = new Map<string, string>();
  for (const field of IMPORT_FIELDS[kind])
    for (const header of field.headers) {
      const key = headerKey(header);
      if (!byHeader.has(key)) byHeader.set(key, field.key);
    }
  const taken = new Set<string>();
  return headers.map((header) => {
    const field = byHeader.get(headerKey(header));
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/**
 * A mapping chosen on the preview page, checked: every entry a field of the kind (or null), no
 * field twice. Returns the required fields no column goes to, or the field mapped twice.
 */
export function mappingProblems(
  kind: ImportKind,
  mapping: readonly (string | null)[],
): { missing: string[]; duplicated: string[]; unknown: string[] } {
  const fields = IMPORT_FIELDS[kind];
  const known = new Set(fields.map((field) => field.key));
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  const unknown: string[] = [];
  for (const field of mapping) {
    if (field === null) continue;
    if (!known.has(field)) unknown.push(field);
    else if (seen.has(field)) duplicated.add(field);
    seen.add(field);
  }
  const missing = fields
    .filter((field) => field.required && !seen.has(field.key))
    .map((f) => f.key);
  return { missing, duplicated: [...duplicated], unknown };
}
