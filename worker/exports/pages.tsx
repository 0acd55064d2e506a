import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { csvDownload } from './csv-download';
import { EXPORT_KINDS } from './export-rows';

/** `/exports/<kind>.csv`: the records the signed-in user may read, as a CSV download. */
export const exportPages = new Hono<AppEnv>();
for (const kind of EXPORT_KINDS) exportPages.get(`/${kind}.csv`, (c) => csvDownload(c, kind));
