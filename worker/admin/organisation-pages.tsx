import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { cities, regions } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { readForm, textFields, type FormBody } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { fieldErrors } from '../auth/account-input';
import { cityForm, regionForm } from './organisation-input';
import {
  createCityStatements,
  createRegionStatements,
  listCities,
  listRegions,
  regionCodeTaken,
  updateCity,
  updateRegion,
} from './organisation';
import {
  CitiesPage,
  CityEditPage,
  RegionEditPage,
  RegionsPage,
} from '../../views/admin/organisation';

async function regionById(c: { var: AppEnv['Variables'] }, id: string) {
  const [row] = await c.var.db.select().from(regions).where(eq(regions.id, id)).limit(1);
  if (!row) throw notFound();
  return row;
}

/** The region form parsed, its code checked to be free: the input, or the errors to show. */
async function checkedRegion(c: { var: AppEnv['Variables'] }, body: FormBody, exceptId?: string) {
  const form = regionForm.safeParse(body);
  if (!form.success) return { errors: fieldErrors(form.error.issues) };
  if (await regionCodeTaken(c.var.db, form.data.code, exceptId))
    return { errors: { code: 'regions.codeTaken' as const } };
  return { input: form.data, errors: {} };
}

/** /admin/regions: list, create (once per form), edit; every change audited. */
export const regionAdmin = new Hono<AppEnv>()
  .get('/', async (c) => c.render(<RegionsPage regions={await listRegions(c.var.db)} />))
  .post('/', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.regions.create', body[SUBMISSION_KEY_FIELD], async () => {
      const form = await checkedRegion(c, body);
      if (!form.input) {
        c.status(422);
        return c.render(
          <RegionsPage
            regions={await listRegions(c.var.db)}
            errors={form.errors}
            typed={textFields(body)}
          />,
        );
      }
      const { statements } = createRegionStatements(
        c.var.db,
        form.input,
        currentUser(c).id,
        Date.now(),
      );
      return { location: '/admin/regions', statements };
    });
  })
  .get('/:id', async (c) =>
    c.render(<RegionEditPage region={await regionById(c, c.req.param('id'))} />),
  )
  .post('/:id', async (c) => {
    const region = await regionById(c, c.req.param('id'));
    const body = await readForm(c);
    const form = await checkedRegion(c, body, region.id);
    if (!form.input) {
      c.status(422);
      return c.render(
        <RegionEditPage region={region} errors={form.errors} typed={textFields(body)} />,
      );
    }
    await updateRegion(c.var.db, region, form.input, currentUser(c).id, Date.now());
    return c.redirect('/admin/regions', 303);
  });

async function cityById(c: { var: AppEnv['Variables'] }, id: string) {
  const [row] = await c.var.db.select().from(cities).where(eq(cities.id, id)).limit(1);
  if (!row) throw notFound();
  return row;
}

/** A city must belong to an existing region: an unknown id is a field error, not a 500. */
async function regionExists(c: { var: AppEnv['Variables'] }, id: string) {
  const [row] = await c.var.db
    .select({ id: regions.id })
    .from(regions)
    .where(eq(regions.id, id))
    .limit(1);
  return Boolean(row);
}

/** The city form parsed, its region checked to exist: the input, or the errors to show. */
async function checkedCity(c: { var: AppEnv['Variables'] }, body: FormBody) {
  const form = cityForm.safeParse(body);
  if (!form.success) return { errors: fieldErrors(form.error.issues) };
  if (!(await regionExists(c, form.data.regionId)))
    return { errors: { regionId: 'org.required' as const } };
  return { input: form.data, errors: {} };
}

/** /admin/cities: list, create (once per form), edit; every change audited. */
export const cityAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [cityRows, regionRows] = await c.var.db.batch([
      listCities(c.var.db),
      listRegions(c.var.db),
    ]);
    return c.render(<CitiesPage cities={cityRows} regions={regionRows} />);
  })
  .post('/', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.cities.create', body[SUBMISSION_KEY_FIELD], async () => {
      const form = await checkedCity(c, body);
      if (!form.input) {
        const [cityRows, regionRows] = await c.var.db.batch([
          listCities(c.var.db),
          listRegions(c.var.db),
        ]);
        c.status(422);
        return c.render(
          <CitiesPage
            cities={cityRows}
            regions={regionRows}
            errors={form.errors}
            typed={textFields(body)}
          />,
        );
      }
      return {
        location: '/admin/cities',
        statements: createCityStatements(c.var.db, form.input, currentUser(c).id, Date.now()),
      };
    });
  })
  .get('/:id', async (c) => {
    const city = await cityById(c, c.req.param('id'));
    return c.render(<CityEditPage city={city} regions={await listRegions(c.var.db)} />);
  })
  .post('/:id', async (c) => {
    const city = await cityById(c, c.req.param('id'));
    const body = await readForm(c);
    const form = await checkedCity(c, body);
    if (!form.input) {
      c.status(422);
      return c.render(
        <CityEditPage
          city={city}
          regions={await listRegions(c.var.db)}
          errors={form.errors}
          typed={textFields(body)}
        />,
      );
    }
    await updateCity(c.var.db, city, form.input, currentUser(c).id, Date.now());
    return c.redirect('/admin/cities', 303);
  });
