/**
 * The deterministic demo company. Pure (no I/O, no clock): the same seed, scale and `now` give
 * the same rows, so tests can check invariants and benchmarks are comparable across runs.
 * Visits are a lazy stream because the large scale has half a million of them.
 */
import type {
  campaigns,
  cities,
  contacts,
  contracts,
  dealStageHistory,
  deals,
  DealStage,
  leads,
  leadTouches,
  orders,
  orderLines,
  payments,
  regions,
  regionStats,
  stageGates,
  taskTemplates,
  tasks,
  users,
  visits,
  webhookSources,
  customers,
} from '../../worker/platform/db/schema';
import { DEAL_STAGES, DECISION_ROLES } from '../../worker/platform/db/schema';
import { customerHealth, percentile90 } from '../../worker/customers/health';
import { INDUSTRY_VALUES } from '../../worker/customers/customer-input';
import { aciMusts } from '../../worker/visits/aci';
import { fanOutTasks } from '../../worker/campaigns/fan-out';
import { verifyCheckIn } from '../../worker/visits/check-in';
import {
  CHINESE_GIVEN,
  CHINESE_SURNAMES,
  COMPANY_KINDS_EN,
  COMPANY_KINDS_ZH,
  COMPANY_STEMS_EN,
  COMPANY_STEMS_ZH,
  COMPANY_SUFFIX_EN,
  CONTACT_TITLES,
  ENGLISH_GIVEN,
  ENGLISH_SURNAMES,
  LEAD_CHANNELS,
  LEAD_MESSAGES,
  PAYMENT_TERMS,
  REGIONS,
  RENEWAL_TERMS,
  SKUS,
  VISIT_SUMMARIES,
} from './catalog';
import { childSeed, SeededRandom } from './random';

export type SeedScale = 'tiny' | 'demo' | 'large';
export type SeedOptions = { seed: number; scale: SeedScale; now: number };

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];
export type UserSeed = Omit<Row<typeof users>, 'passwordHash'>;
export type VisitRow = Row<typeof visits>;

export type SeedData = {
  regions: Row<typeof regions>[];
  regionStats: Row<typeof regionStats>[];
  cities: Row<typeof cities>[];
  users: UserSeed[];
  customers: Row<typeof customers>[];
  contacts: Row<typeof contacts>[];
  deals: Row<typeof deals>[];
  dealStageHistory: Row<typeof dealStageHistory>[];
  /** What a deal needs before entering a stage; they apply to changes, so seeded deals already past them stand. */
  stageGates: Row<typeof stageGates>[];
  contracts: Row<typeof contracts>[];
  orders: Row<typeof orders>[];
  orderLines: Row<typeof orderLines>[];
  payments: Row<typeof payments>[];
  leads: Row<typeof leads>[];
  leadTouches: Row<typeof leadTouches>[];
  campaigns: Row<typeof campaigns>[];
  taskTemplates: Row<typeof taskTemplates>[];
  tasks: Row<typeof tasks>[];
  webhookSources: Row<typeof webhookSources>[];
  /** How many visits `visits()` yields. */
  visitCount: number;
  visits: () => Generator<VisitRow>;
};

const SCALES: Record<
  SeedScale,
  {
    citiesPerRegion: number;
    repsPerCity: number;
    customers: number;
    deals: number;
    visits: number;
    contracts: number;
    leads: number;
    tasksPerCity: number;
  }
> = {
  tiny: {
    citiesPerRegion: 2,
    repsPerCity: 1,
    customers: 48,
    deals: 24,
    visits: 400,
    contracts: 12,
    leads: 24,
    tasksPerCity: 2,
  },
  demo: {
    citiesPerRegion: 4,
    repsPerCity: 3,
    customers: 3_000,
    deals: 1_500,
    visits: 50_000,
    contracts: 400,
    leads: 600,
    tasksPerCity: 3,
  },
  large: {
    citiesPerRegion: 4,
    repsPerCity: 6,
    customers: 30_000,
    deals: 15_000,
    visits: 500_000,
    contracts: 4_000,
    leads: 6_000,
    tasksPerCity: 6,
  },
};

export const DEMO_PASSWORD = 'fieldwall-demo';
export const DEMO_FORM_SOURCE = {
  id: 'demo',
  secret: 'whsec_ZmllbGR3YWxsLWRlbW8tZm9ybS1zZWNyZXQtMjAyNg==',
};
export const DEMO_SLACK_SOURCE = { id: 'slack', secret: 'fieldwall-demo-slack-secret' };
/** Local-only secrets for the other providers, so every webhook endpoint can be tried with curl. */
export const DEMO_CHAT_SOURCES = {
  feishu: {
    id: 'feishu',
    secret: 'fieldwall-demo-feishu-token',
    config: { encryptKey: 'fieldwall-demo-feishu-key' },
  },
  dingtalk: {
    id: 'dingtalk',
    secret: 'fieldwall-demo-dingtalk-secret',
    config: { robotCode: 'dingfieldwalldemo' },
  },
  wecom: {
    id: 'wecom',
    secret: 'fieldwallDemoToken',
    config: {
      encodingAesKey: 'ZmllbGR3YWxsLWRlbW8td2Vjb20tYWVzLWtleS0yMDI',
      corpId: 'ww-fieldwall-demo',
    },
  },
} as const;
export const DEMO_TYPEFORM_SOURCE = {
  id: 'typeform-demo',
  secret: 'fieldwall-demo-typeform-secret',
};
export const DEMO_TALLY_SOURCE = { id: 'tally-demo', secret: 'fieldwall-demo-tally-secret' };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function personName(random: SeededRandom): string {
  return random.chance(0.6)
    ? random.pick(CHINESE_SURNAMES) + random.pick(CHINESE_GIVEN)
    : `${random.pick(ENGLISH_GIVEN)} ${random.pick(ENGLISH_SURNAMES)}`;
}

function companyName(random: SeededRandom, cityZh: string, cityEn: string): string {
  return random.chance(0.55)
    ? `${cityZh}${random.pick(COMPANY_STEMS_ZH)}${random.pick(COMPANY_KINDS_ZH)}有限公司`
    : `${random.pick(COMPANY_STEMS_EN)} ${random.pick(COMPANY_KINDS_EN)} ${random.chance(0.3) ? `${cityEn} ` : ''}${random.pick(COMPANY_SUFFIX_EN)}`;
}

/** A point roughly `spreadKm` around a centre. */
function jitter(random: SeededRandom, lat: number, lng: number, spreadKm: number) {
  const dLat = (random.normal() * spreadKm) / 111;
  const dLng = (random.normal() * spreadKm) / (111 * Math.cos((lat * Math.PI) / 180));
  return { lat: Math.round((lat + dLat) * 1e6) / 1e6, lng: Math.round((lng + dLng) * 1e6) / 1e6 };
}

/** A point at `distanceM` metres from a position, in a random direction. */
function offsetBy(random: SeededRandom, at: { lat: number; lng: number }, distanceM: number) {
  const bearing = random.next() * 2 * Math.PI;
  const dLat = (distanceM * Math.cos(bearing)) / 111_320;
  const dLng = (distanceM * Math.sin(bearing)) / (111_320 * Math.cos((at.lat * Math.PI) / 180));
  return { lat: at.lat + dLat, lng: at.lng + dLng };
}

export function generateSeed(options: SeedOptions): SeedData {
  const scale = SCALES[options.scale];
  const random = new SeededRandom(options.seed);
  // Whole minutes keep every timestamp readable and identical across runs with the same `now`.
  const now = Math.floor(options.now / 60_000) * 60_000;

  // Regions and cities.
  const regionRows: SeedData['regions'] = [];
  const cityRows: SeedData['cities'] = [];
  for (const region of REGIONS) {
    regionRows.push({
      id: `reg_${region.code}`,
      code: region.code,
      name: region.name,
      nameZh: region.nameZh,
      timeZone: region.timeZone,
    });
    for (const city of region.cities.slice(0, scale.citiesPerRegion)) {
      cityRows.push({
        id: `city_${city.code}`,
        regionId: `reg_${region.code}`,
        name: city.name,
        nameZh: city.nameZh,
        lat: city.lat,
        lng: city.lng,
      });
    }
  }

  // People: HQ first, then each region's manager before the reps who report to them.
  const userRows: UserSeed[] = [];
  const createdAt = now - 2 * YEAR;
  userRows.push({
    id: 'usr_director',
    email: 'director@example.com',
    name: '周志强',
    role: 'director',
    createdAt,
  });
  userRows.push({
    id: 'usr_admin',
    email: 'admin@example.com',
    name: 'Grace Lam',
    role: 'admin',
    createdAt,
  });
  const repsByCity = new Map<string, string[]>();
  const repsByRegion = new Map<string, string[]>();
  for (const region of regionRows) {
    const managerId = `usr_manager_${region.code}`;
    userRows.push({
      id: managerId,
      email: `manager.${region.code}@example.com`,
      name: personName(random),
      role: 'manager',
      regionId: region.id,
      managerId: 'usr_director',
      createdAt,
    });
    for (const role of ['business', 'legal'] as const) {
      userRows.push({
        id: `usr_${role}_${region.code}`,
        email: `${role}.${region.code}@example.com`,
        name: personName(random),
        role,
        regionId: region.id,
        managerId,
        createdAt,
      });
    }
    let repNumber = 0;
    for (const city of cityRows.filter((c) => c.regionId === region.id)) {
      for (let i = 0; i < scale.repsPerCity; i++) {
        repNumber += 1;
        const id = `usr_rep_${region.code}${repNumber}`;
        userRows.push({
          id,
          email: `rep.${region.code}${repNumber}@example.com`,
          name: personName(random),
          role: 'rep',
          regionId: region.id,
          cityId: city.id,
          managerId,
          phone: `139${pad(random.int(0, 99_999_999), 8)}`,
          createdAt,
        });
        repsByCity.set(city.id, [...(repsByCity.get(city.id) ?? []), id]);
        repsByRegion.set(region.id, [...(repsByRegion.get(region.id) ?? []), id]);
      }
    }
  }

  // Customers, spread evenly over reps; visit schedules are fixed here so last-touch matches the visit stream.
  type Plan = {
    customerIndex: number;
    visitCount: number;
    firstVisitAt: number | null;
    lastVisitAt: number | null;
  };
  const customerRows: SeedData['customers'] = [];
  const contactRows: SeedData['contacts'] = [];
  const plans: Plan[] = [];
  const reps = userRows.filter((u) => u.role === 'rep');
  let plannedVisits = 0;
  for (let i = 0; i < scale.customers; i++) {
    const rep = reps[i % reps.length]!;
    const city = cityRows.find((c) => c.id === rep.cityId)!;
    const position = jitter(random, city.lat, city.lng, 8);
    const id = `cus_${pad(i + 1, 6)}`;
    // Share of the visit budget: the last customers absorb the rounding, so the total is exact.
    const remainingCustomers = scale.customers - i;
    const averageLeft = (scale.visits - plannedVisits) / remainingCustomers;
    const visitCount =
      i === scale.customers - 1
        ? scale.visits - plannedVisits
        : Math.max(
            0,
            Math.min(
              scale.visits - plannedVisits,
              Math.round(averageLeft * (0.2 + random.next() * 1.6)),
            ),
          );
    plannedVisits += visitCount;
    const daysSinceLast =
      visitCount === 0
        ? null
        : random.weighted([
            [random.int(0, 7), 5],
            [random.int(8, 29), 3],
            [random.int(30, 120), 2],
          ] as const);
    const lastVisitAt =
      daysSinceLast === null ? null : now - daysSinceLast * DAY - random.int(1, 10) * HOUR;
    const firstVisitAt =
      lastVisitAt === null
        ? null
        : visitCount === 1
          ? lastVisitAt
          : Math.min(lastVisitAt, now - random.int(200, 360) * DAY);
    plans.push({ customerIndex: i, visitCount, firstVisitAt, lastVisitAt });
    const dormant = lastVisitAt !== null && now - lastVisitAt > 90 * DAY;
    customerRows.push({
      id,
      name: companyName(random, city.nameZh, city.name),
      regionId: city.regionId,
      cityId: city.id,
      ownerId: rep.id,
      grade: random.weighted([
        ['A', 15],
        ['B', 35],
        ['C', 35],
        ['D', 15],
      ] as const),
      industry: random.pick(INDUSTRY_VALUES),
      lifecycleStage:
        lastVisitAt === null
          ? 'prospect'
          : dormant
            ? 'dormant'
            : visitCount < 3
              ? 'onboarding'
              : 'active',
      phone: `1${random.pick([3, 5, 8])}${pad(i + 1, 9)}`,
      email: random.chance(0.6) ? `contact${i + 1}@customer${(i % 97) + 1}.example.cn` : null,
      address: `${city.nameZh} ${random.int(1, 999)}号`,
      lat: position.lat,
      lng: position.lng,
      lastTouchAt: lastVisitAt,
      nextFollowUpAt:
        lastVisitAt === null ? null : dormant ? null : lastVisitAt + random.int(2, 21) * DAY,
      firstVisitAt,
      feedbackReceivedAt:
        firstVisitAt !== null && random.chance(0.6) ? firstVisitAt + random.int(2, 6) * DAY : null,
      dormant,
      // In the nurture pool since the day it went quiet for 90 days.
      dormantAt: dormant && lastVisitAt !== null ? lastVisitAt + 90 * DAY : null,
      archivedAt: null,
      createdAt: (firstVisitAt ?? now) - random.int(1, 30) * DAY,
      updatedAt: lastVisitAt ?? now,
    });
    const contactCount = random.int(1, 2);
    for (let k = 0; k < contactCount; k++) {
      contactRows.push({
        id: `con_${pad(i + 1, 6)}_${k + 1}`,
        customerId: id,
        name: personName(random),
        title: random.pick(CONTACT_TITLES),
        phone: `13${random.int(0, 9)}${pad(random.int(0, 99_999_999), 8)}`,
        email: random.chance(0.5) ? `person${k + 1}.${i + 1}@customer.example.cn` : null,
        chatUserId: random.chance(0.3) ? `U${pad(i + 1, 6)}${k}` : null,
        isPrimary: k === 0,
        // The primary contact decides; a second one fills another seat of the decision chain
        // (no draw from the generator, so the rest of the seed stays as it was).
        decisionRole: k === 0 ? 'decision_maker' : DECISION_ROLES[1 + (i % 3)]!,
      });
    }
  }

  // Deals on half of the customers, with the stage history that led to their current stage.
  const dealRows: SeedData['deals'] = [];
  const historyRows: SeedData['dealStageHistory'] = [];
  const dealByCustomer = new Map<string, Row<typeof deals>>();
  const stride = scale.customers / scale.deals;
  for (let d = 0; d < scale.deals; d++) {
    const customer = customerRows[Math.floor(d * stride)]!;
    const stage = random.weighted([
      ['qualify', 20],
      ['discover', 20],
      ['propose', 20],
      ['negotiate', 15],
      ['won', 15],
      ['lost', 10],
    ] as const);
    const stageEnteredAt = now - random.int(0, 45) * DAY - random.int(0, 23) * HOUR;
    const open = stage !== 'won' && stage !== 'lost';
    const deal: Row<typeof deals> = {
      id: `deal_${pad(d + 1, 6)}`,
      customerId: customer.id,
      ownerId: customer.ownerId,
      regionId: customer.regionId,
      cityId: customer.cityId,
      name: `${random.pick(['Sensor rollout', 'Service upgrade', 'Display refresh', '年度维保', '新门店设备', 'Gateway expansion'])} ${new Date(now).getUTCFullYear()}`,
      stage,
      amountCents: random.int(20, 2_000) * 1_000_00,
      currency: 'CNY',
      expectedCloseAt: open ? now + random.int(7, 120) * DAY : stageEnteredAt,
      stageEnteredAt,
      lastProgressAt: stageEnteredAt + (random.chance(0.5) ? random.int(0, 5) * DAY : 0),
      closedAt: open ? null : stageEnteredAt,
      createdAt: stageEnteredAt - random.int(10, 120) * DAY,
    };
    if (deal.lastProgressAt! > now) deal.lastProgressAt = now;
    dealRows.push(deal);
    dealByCustomer.set(customer.id, deal);
    const path: DealStage[] =
      stage === 'lost'
        ? ['qualify', 'discover', 'lost']
        : DEAL_STAGES.slice(0, DEAL_STAGES.indexOf(stage) + 1);
    let changedAt = deal.createdAt!;
    path.forEach((toStage, step) => {
      const isLast = step === path.length - 1;
      changedAt = isLast
        ? stageEnteredAt
        : Math.min(stageEnteredAt, changedAt + random.int(3, 20) * DAY);
      historyRows.push({
        id: `dsh_${pad(d + 1, 6)}_${step + 1}`,
        dealId: deal.id,
        fromStage: step === 0 ? null : path[step - 1]!,
        toStage,
        changedAt,
        changedBy: deal.ownerId,
      });
    });
  }

  // Contracts: about one in ten end within 30 days, so renewal alerts have something to say.
  const contractRows: SeedData['contracts'] = [];
  const orderRows: SeedData['orders'] = [];
  // Deliveries and payments draw from their own stream, so the rest of the company stays as it was.
  const paymentRandom = new SeededRandom(options.seed + 1);
  const orderLineRows: SeedData['orderLines'] = [];
  const paymentRows: SeedData['payments'] = [];
  const contractValueByCustomer = new Map<string, number>();
  const contractStride = scale.customers / scale.contracts;
  for (let k = 0; k < scale.contracts; k++) {
    const customer =
      customerRows[Math.floor(k * contractStride + contractStride / 2) % customerRows.length]!;
    const lines = Array.from({ length: random.int(1, 3) }, () => {
      const item = random.pick(SKUS);
      return { sku: item.sku, quantity: random.int(1, 40), unitPriceCents: item.unitPriceCents };
    });
    const amountCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
    const endingSoon = k % 10 === 0;
    const endAt = endingSoon ? now + random.int(1, 30) * DAY : now + random.int(-60, 700) * DAY;
    const termDays = random.pick([365, 730]);
    const startAt = endAt - termDays * DAY;
    const id = `ctr_${pad(k + 1, 5)}`;
    const paymentTerms = random.pick(PAYMENT_TERMS);
    const renewalTerms = random.pick(RENEWAL_TERMS);
    const createdAt = startAt - random.int(1, 20) * DAY;
    contractRows.push({
      id,
      number: `FW-${new Date(startAt).getUTCFullYear()}-${pad(k + 1, 5)}`,
      customerId: customer.id,
      ownerId: customer.ownerId,
      regionId: customer.regionId,
      skus: lines,
      amountCents,
      startAt,
      endAt,
      paymentTerms,
      maintenanceStartAt: startAt + 30 * DAY,
      renewalTerms,
      currency: 'CNY',
      status: endAt < now ? 'expired' : 'active',
      dealId: null,
      fileKey: null,
      fileName: null,
      archivedAt: null,
      createdAt,
      updatedAt: createdAt,
    });
    // Health compares the value of contracts still running.
    if (endAt >= now)
      contractValueByCustomer.set(
        customer.id,
        (contractValueByCustomer.get(customer.id) ?? 0) + amountCents,
      );
    // Purchase history: repeat buyers (more than twice in six months) qualify for renewal preparation.
    const orders = random.weighted([
      [1, 3],
      [2, 3],
      [4, 2],
      [6, 1],
    ] as const);
    for (let o = 0; o < orders; o++) {
      const item = random.pick(lines);
      const quantity = random.int(1, Math.max(1, Math.ceil(item.quantity / 4)));
      const orderId = `ord_${pad(k + 1, 5)}_${o + 1}`;
      const orderedAt = Math.max(startAt, now - random.int(1, 360) * DAY);
      const orderCents = quantity * item.unitPriceCents;
      orderRows.push({
        id: orderId,
        customerId: customer.id,
        contractId: id,
        ownerId: customer.ownerId,
        regionId: customer.regionId,
        orderedAt,
        amountCents: orderCents,
        currency: 'CNY',
        status: 'delivered',
        deliveredAt: orderedAt + paymentRandom.int(3, 20) * DAY,
        createdAt: orderedAt,
        updatedAt: orderedAt,
      });
      orderLineRows.push({
        id: `${orderId}_1`,
        orderId,
        product: item.sku,
        quantity,
        unitPriceCents: item.unitPriceCents,
        position: 1,
      });
      // Payment due 30 days after the order; most customers pay on time, a few late or not yet.
      const dueAt = orderedAt + 30 * DAY;
      const lateness = paymentRandom.weighted([
        [-paymentRandom.int(0, 10), 7],
        [paymentRandom.int(5, 40), 2],
        [null, 1],
      ] as const);
      const paidAt = lateness === null ? null : dueAt + lateness * DAY;
      paymentRows.push({
        id: `pay_${orderId}`,
        orderId,
        customerId: customer.id,
        amountCents: orderCents,
        dueAt,
        paidAt: paidAt !== null && paidAt <= now ? paidAt : null,
        createdAt: orderedAt,
      });
    }
  }

  // Health scores by the product rule, against each region's 90th percentile of contract value.
  const p90ByRegion = new Map<string, number>();
  for (const region of regionRows) {
    p90ByRegion.set(
      region.id,
      percentile90(
        customerRows
          .filter((c) => c.regionId === region.id)
          .map((c) => contractValueByCustomer.get(c.id) ?? 0)
          .filter((v) => v > 0),
      ),
    );
  }
  for (const customer of customerRows) {
    const deal = dealByCustomer.get(customer.id);
    const openDeal =
      deal && deal.stage !== 'won' && deal.stage !== 'lost'
        ? { stage: deal.stage, stageEnteredAt: deal.stageEnteredAt }
        : null;
    const health = customerHealth({
      now,
      lastTouchAt: customer.lastTouchAt ?? null,
      openDeal,
      contractValueCents: contractValueByCustomer.get(customer.id) ?? 0,
      regionP90ContractValueCents: p90ByRegion.get(customer.regionId) ?? 0,
    });
    customer.healthScore = health.score;
    customer.healthWeakest = health.weakest;
    if (customer.lifecycleStage === 'active' && health.band === 'red')
      customer.lifecycleStage = 'at_risk';
  }

  // Leads from the last 90 days, assigned to a rep in the lead's city.
  const leadRows: SeedData['leads'] = [];
  const touchRows: SeedData['leadTouches'] = [];
  for (let l = 0; l < scale.leads; l++) {
    const city = random.pick(cityRows);
    const assigneeId = random.pick(repsByCity.get(city.id)!);
    const message = random.pick(LEAD_MESSAGES);
    const createdAtLead = now - random.int(0, 90 * 24) * HOUR;
    const assignedAt = createdAtLead + random.int(1, 30) * 60_000;
    const ageHours = (now - assignedAt) / HOUR;
    const touchedAfterHours = random.weighted([
      [random.int(1, 6), 5],
      [random.int(7, 23), 3],
      [random.int(24, 72), 2],
    ] as const);
    const firstTouchAt =
      touchedAfterHours < ageHours && random.chance(0.95)
        ? assignedAt + touchedAfterHours * HOUR
        : null;
    const matchedCustomer = random.chance(0.2)
      ? customerRows.find((c) => c.cityId === city.id && c.ownerId === assigneeId)
      : undefined;
    const id = `lead_${pad(l + 1, 6)}`;
    leadRows.push({
      id,
      regionId: city.regionId,
      cityId: city.id,
      customerId: matchedCustomer?.id ?? null,
      assigneeId,
      channel: random.pick(LEAD_CHANNELS),
      sourceId: null,
      name: personName(random),
      phone: `137${pad(l + 1, 8)}`,
      email: random.chance(0.5) ? `lead${l + 1}@prospect.example.com` : null,
      company: matchedCustomer?.name ?? companyName(random, city.nameZh, city.name),
      message: message.text,
      priority: message.high ? 'high' : 'normal',
      status:
        firstTouchAt === null
          ? 'new'
          : random.weighted([
              ['contacted', 4],
              ['qualified', 3],
              ['disqualified', 2],
              ['converted', 1],
            ] as const),
      assignedAt,
      firstTouchDeadline: assignedAt + 24 * HOUR,
      firstTouchAt,
      createdAt: createdAtLead,
      updatedAt: firstTouchAt ?? assignedAt,
    });
    touchRows.push({
      id: `ltc_${pad(l + 1, 6)}_1`,
      leadId: id,
      channel: leadRows[l]!.channel,
      message: message.text,
      occurredAt: createdAtLead,
    });
    if (random.chance(0.1)) {
      touchRows.push({
        id: `ltc_${pad(l + 1, 6)}_2`,
        leadId: id,
        channel: leadRows[l]!.channel,
        message: random.pick(LEAD_MESSAGES).text,
        occurredAt: Math.min(now, createdAtLead + random.int(1, 72) * HOUR),
      });
    }
  }

  // One campaign from HQ: a display photo task per city, some due soon and one already overdue.
  const campaignId = 'cmp_spring_display';
  const campaignRows: SeedData['campaigns'] = [
    {
      id: campaignId,
      name: 'Spring display refresh · 春季陈列焕新',
      description:
        'Photograph the new display at key customers and note what the store manager says.',
      status: 'published',
      createdBy: 'usr_admin',
      createdAt: now - 10 * DAY,
      publishedAt: now - 9 * DAY,
    },
  ];
  const templateRows: SeedData['taskTemplates'] = [
    {
      id: 'tpl_display_photo',
      campaignId,
      title: 'Photograph the new display',
      titleZh: '拍摄新陈列',
      description: 'One photo of the display, taken on site.',
      descriptionZh: '在现场拍一张陈列照片。',
      target: { regionIds: [], cityIds: [] },
      perCity: Math.max(1, scale.tasksPerCity - 1),
      dueOffsetHours: (9 + 5) * 24,
      evidence: { photo: true, position: true, note: false },
    },
    {
      id: 'tpl_manager_feedback',
      campaignId,
      title: 'Store manager feedback',
      titleZh: '店长反馈',
      description: 'Ask the store manager what customers say about the display.',
      descriptionZh: '问问店长顾客对陈列的看法。',
      target: { regionIds: [], cityIds: [] },
      perCity: 1,
      dueOffsetHours: (9 - 2) * 24,
      evidence: { photo: false, position: false, note: true },
    },
  ];
  // The campaign was published nine days ago; the product's own fan-out makes its tasks, and each
  // has since been left open, claimed, or done by a rep of its city.
  const publishedAt = campaignRows[0]!.publishedAt!;
  const taskRows: SeedData['tasks'] = fanOutTasks(
    campaignId,
    publishedAt,
    templateRows.map((template) => ({
      ...template,
      description: template.description ?? null,
      dueAt: null,
      dueOffsetHours: template.dueOffsetHours ?? 0,
    })),
    cityRows,
  ).map((task) => {
    const status = random.weighted([
      ['open', 5],
      ['claimed', 3],
      ['done', 2],
    ] as const);
    const claimedBy = status === 'open' ? null : random.pick(repsByCity.get(task.cityId)!);
    const claimedAt = claimedBy ? now - random.int(1, 72) * HOUR : null;
    return {
      ...task,
      status,
      claimedBy,
      claimedAt,
      completedAt: status === 'done' ? Math.min(now, claimedAt! + random.int(1, 12) * HOUR) : null,
      evidenceNote:
        status === 'done' && task.evidenceRequired.note
          ? 'Store manager likes the new layout; wants more stock.'
          : null,
      createdAt: publishedAt,
    };
  });

  const webhookSourceRows: SeedData['webhookSources'] = [
    {
      id: DEMO_FORM_SOURCE.id,
      provider: 'standard',
      name: 'Demo contact form',
      secret: DEMO_FORM_SOURCE.secret,
      defaultRegionId: 'reg_east',
      createdAt: now - 30 * DAY,
    },
    {
      id: DEMO_SLACK_SOURCE.id,
      provider: 'slack',
      name: 'Demo Slack workspace',
      secret: DEMO_SLACK_SOURCE.secret,
      defaultRegionId: 'reg_east',
      createdAt: now - 30 * DAY,
    },
    ...(['feishu', 'dingtalk', 'wecom'] as const).map((provider) => ({
      id: DEMO_CHAT_SOURCES[provider].id,
      provider,
      name: `Demo ${provider}`,
      secret: DEMO_CHAT_SOURCES[provider].secret,
      config: DEMO_CHAT_SOURCES[provider].config,
      defaultRegionId: 'reg_south',
      createdAt: now - 30 * DAY,
    })),
    {
      id: DEMO_TYPEFORM_SOURCE.id,
      provider: 'typeform',
      name: 'Demo Typeform',
      secret: DEMO_TYPEFORM_SOURCE.secret,
      defaultRegionId: 'reg_north',
      createdAt: now - 30 * DAY,
    },
    {
      id: DEMO_TALLY_SOURCE.id,
      provider: 'tally',
      name: 'Demo Tally',
      secret: DEMO_TALLY_SOURCE.secret,
      defaultRegionId: 'reg_west',
      createdAt: now - 30 * DAY,
    },
  ];

  function* visitStream(): Generator<VisitRow> {
    for (const plan of plans) {
      if (plan.visitCount === 0 || plan.firstVisitAt === null || plan.lastVisitAt === null)
        continue;
      const customer = customerRows[plan.customerIndex]!;
      const deal = dealByCustomer.get(customer.id);
      const visitRandom = new SeededRandom(childSeed(options.seed, plan.customerIndex));
      const span = plan.lastVisitAt - plan.firstVisitAt;
      const times = Array.from({ length: plan.visitCount }, (_, k) =>
        k === 0
          ? plan.firstVisitAt!
          : k === plan.visitCount - 1
            ? plan.lastVisitAt!
            : plan.firstVisitAt! + Math.floor(visitRandom.next() * span),
      ).sort((a, b) => a - b);
      for (let k = 0; k < times.length; k++) {
        const visitedAt = times[k]!;
        const customerPosition = { lat: customer.lat!, lng: customer.lng! };
        const checkIn = visitRandom.weighted([
          ['near', 80],
          ['far', 10],
          ['none', 10],
        ] as const);
        const position =
          checkIn === 'none'
            ? null
            : offsetBy(
                visitRandom,
                customerPosition,
                checkIn === 'near' ? visitRandom.int(5, 450) : visitRandom.int(600, 6_000),
              );
        const verification = verifyCheckIn(position, customerPosition);
        const linkDeal =
          deal !== undefined && visitedAt >= deal.createdAt! && visitRandom.chance(0.85);
        const nextFollowUpAt = visitRandom.chance(0.93)
          ? k + 1 < times.length
            ? times[k + 1]!
            : (customer.nextFollowUpAt ?? visitedAt + 7 * DAY)
          : null;
        const stageReached = linkDeal ? deal.stage : null;
        const musts = aciMusts({
          nextFollowUpAt,
          photoKey: null,
          checkInStatus: verification.status,
          dealId: linkDeal ? deal.id : null,
          stageReached,
        });
        const committed = linkDeal && visitRandom.chance(0.1);
        yield {
          id: `vis_${pad(plan.customerIndex + 1, 6)}_${pad(k + 1, 3)}`,
          customerId: customer.id,
          repId: customer.ownerId,
          regionId: customer.regionId,
          cityId: customer.cityId,
          dealId: linkDeal ? deal.id : null,
          visitedAt,
          checkInLat: position ? Math.round(position.lat * 1e6) / 1e6 : null,
          checkInLng: position ? Math.round(position.lng * 1e6) / 1e6 : null,
          checkInDistanceM: verification.distanceM,
          checkInStatus: verification.status,
          summary: visitRandom.pick(VISIT_SUMMARIES),
          photoKey: null,
          stageReached,
          nextFollowUpAt,
          commitmentText: committed
            ? visitRandom.pick([
                'POC within 72 h',
                'Send revised quote by Friday',
                '三天内提供试用方案',
              ])
            : null,
          commitmentDueAt: committed ? visitedAt + 72 * HOUR : null,
          aciNextFollowUp: musts.nextFollowUp,
          aciEvidence: musts.evidence,
          aciStage: musts.stage,
          createdAt: visitedAt,
        };
      }
    }
  }

  return {
    regions: regionRows,
    regionStats: regionRows.map((region) => ({
      regionId: region.id,
      contractValueP90Cents: p90ByRegion.get(region.id) ?? 0,
      computedAt: now,
    })),
    cities: cityRows,
    users: userRows,
    customers: customerRows,
    contacts: contactRows,
    deals: dealRows,
    dealStageHistory: historyRows,
    stageGates: [
      {
        id: 'gate_propose_requirements_form',
        stage: 'propose',
        requirement: 'document',
        documentKind: 'requirements_form',
        label: 'Signed requirements form',
        labelZh: '签字需求确认书',
        createdBy: 'usr_admin',
        createdAt: now,
      },
    ],
    contracts: contractRows,
    orders: orderRows,
    orderLines: orderLineRows,
    payments: paymentRows,
    leads: leadRows,
    leadTouches: touchRows,
    campaigns: campaignRows,
    taskTemplates: templateRows,
    tasks: taskRows,
    webhookSources: webhookSourceRows,
    visitCount: plannedVisits,
    visits: visitStream,
  };
}
