/**
 * How a published campaign becomes tasks (pure): each template makes `perCity` tasks in every
 * target city (its cities, else every city of its regions, else every city), due at the
 * template's time or its offset from publishing. Task ids are stable, so publishing again adds
 * nothing twice.
 */
import type { TaskEvidenceRequirement } from '../platform/db/schema';

const HOUR = 3_600_000;

export type CampaignTemplate = {
  id: string;
  title: string;
  description: string | null;
  titleZh?: string | null;
  descriptionZh?: string | null;
  target: { regionIds: string[]; cityIds: string[] };
  perCity: number;
  dueAt: number | null;
  dueOffsetHours: number | null;
  evidence: TaskEvidenceRequirement;
};

export type FannedOutTask = {
  id: string;
  campaignId: string;
  templateId: string;
  regionId: string;
  cityId: string;
  title: string;
  description: string | null;
  titleZh: string | null;
  descriptionZh: string | null;
  dueAt: number;
  evidenceRequired: TaskEvidenceRequirement;
};

export function targetCities<C extends { id: string; regionId: string }>(
  target: CampaignTemplate['target'],
  cities: C[],
): C[] {
  if (target.cityIds.length > 0) return cities.filter((city) => target.cityIds.includes(city.id));
  if (target.regionIds.length > 0)
    return cities.filter((city) => target.regionIds.includes(city.regionId));
  return cities;
}

export function fanOutTasks(
  campaignId: string,
  publishedAt: number,
  templates: CampaignTemplate[],
  cities: { id: string; regionId: string }[],
): FannedOutTask[] {
  return templates.flatMap((template) => {
    const dueAt = template.dueAt ?? publishedAt + (template.dueOffsetHours ?? 0) * HOUR;
    return targetCities(template.target, cities).flatMap((city) =>
      Array.from({ length: template.perCity }, (_, n) => ({
        id: `${template.id}.${city.id}.${n + 1}`,
        campaignId,
        templateId: template.id,
        regionId: city.regionId,
        cityId: city.id,
        title: template.title,
        description: template.description,
        titleZh: template.titleZh ?? null,
        descriptionZh: template.descriptionZh ?? null,
        dueAt,
        evidenceRequired: template.evidence,
      })),
    );
  });
}
