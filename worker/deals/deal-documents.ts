/**
 * Files and notes on a deal (what stage gates read). A file goes to R2 under an unguessable key
 * and is served only through the deal's read scope; its row and the audit entry are one batch.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { dealDocuments, deals } from '../platform/db/schema';
import type { Viewer } from '../platform/access/policy';
import { editableById, scopedById } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { HttpError, notFound } from '../platform/http/errors';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from '../visits/visit-input';
import type { Upload } from '../visits/read-submission';
import { dealArchived } from './change-deal';
import { gatesQuery } from './gate-evidence';
import { documentKindsOf } from './stage-gates';

/** What a deal's file may be: the visit photo types and PDF, as large as a photo. */
export const DOCUMENT_UPLOAD = {
  types: [...PHOTO_TYPES, 'application/pdf'],
  maxBytes: PHOTO_MAX_BYTES,
} as const;
/** A file filed under none of the gates' kinds. */
export const OTHER_KIND = 'other';
export const NOTE_MAX_LENGTH = 4000;

export type NewDocument =
  { kind: 'file'; documentKind: string; file: Upload } | { kind: 'note'; note: string };

function fileKey(dealId: string): string {
  // The key alone never grants access (files are served through a scope check), but it must not be guessable.
  return `deal-files/${dealId}/${crypto.randomUUID()}`;
}

/** A name safe to store and show: no path, no control characters, not too long. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'file';
}

export async function addDealDocument(
  db: Database,
  files: R2Bucket,
  viewer: Viewer,
  dealId: string,
  input: NewDocument,
  now: number,
): Promise<{ id: string }> {
  const [dealRows, gates] = await db.batch([
    db
      .select({ id: deals.id, customerId: deals.customerId, archivedAt: deals.archivedAt })
      .from(deals)
      .where(editableById(viewer, 'deals', deals.id, dealId))
      .limit(1),
    gatesQuery(db, null),
  ]);
  const deal = dealRows[0];
  if (!deal) throw notFound();
  if (deal.archivedAt !== null) throw dealArchived();
  if (
    input.kind === 'file' &&
    input.documentKind !== OTHER_KIND &&
    !documentKindsOf(gates).some((kind) => kind.code === input.documentKind)
  )
    throw new HttpError(422, 'unknown_document_kind', 'Choose one of the listed document kinds.');

  const id = crypto.randomUUID();
  const key = input.kind === 'file' ? fileKey(dealId) : null;
  const fileName = input.kind === 'file' ? cleanFileName(input.file.fileName) : null;
  if (input.kind === 'file' && key)
    await files.put(key, input.file.bytes, {
      httpMetadata: { contentType: input.file.contentType },
      customMetadata: { dealId },
    });
  const row = {
    id,
    dealId,
    kind: input.kind,
    documentKind: input.kind === 'file' ? input.documentKind : null,
    fileKey: key,
    fileName,
    contentType: input.kind === 'file' ? input.file.contentType : null,
    sizeBytes: input.kind === 'file' ? input.file.bytes.byteLength : null,
    note: input.kind === 'note' ? input.note : null,
    createdBy: viewer.id,
    createdAt: now,
  };
  try {
    await db.batch([
      db.insert(dealDocuments).values(row),
      recordChange(db, {
        actorId: viewer.id,
        action: input.kind === 'file' ? 'deal.document_added' : 'deal.note_added',
        subjectType: 'deal',
        subjectId: dealId,
        customerId: deal.customerId,
        after:
          input.kind === 'file'
            ? { documentId: id, documentKind: row.documentKind, fileName }
            : { documentId: id, note: row.note },
        now,
      }),
    ]);
  } catch (error) {
    if (key) await files.delete(key);
    throw error;
  }
  return { id };
}

/** A deal's file for a viewer whose read scope includes the deal, else null. */
export async function dealFileFor(
  db: Database,
  viewer: Viewer,
  dealId: string,
  documentId: string,
) {
  const [row] = await db
    .select({ fileKey: dealDocuments.fileKey, fileName: dealDocuments.fileName })
    .from(dealDocuments)
    .innerJoin(deals, eq(deals.id, dealDocuments.dealId))
    .where(and(eq(dealDocuments.id, documentId), scopedById(viewer, 'deals', deals.id, dealId)))
    .limit(1);
  return row?.fileKey ? { key: row.fileKey, fileName: row.fileName ?? 'file' } : null;
}
