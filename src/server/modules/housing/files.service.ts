import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { FILE_EXTENSIONS } from '../../../shared/file-types.ts'
import { INSPECTOR_ROLES, MAX_UPLOAD_BYTES, UPLOAD_TYPES, type FileKind } from '../../../shared/schemas/housing.ts'
import type { Config } from '../../config.ts'
import { selectInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { safeFileName, sniffFileType } from '../../files/file-type.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { propertyFilterFor, requireProperty } from './access.ts'
import { NotEditableError, UploadTooLargeError, UploadTypeError } from './housing.errors.ts'

type UploadType = (typeof UPLOAD_TYPES)[number]

/**
 * Where uploads live: DATA_DIR/uploads. A test database in memory ('memory://') keeps them in
 * the system's temporary folder instead of a folder named "memory:" beside the code.
 */
export function uploadRoot(config: Config): string {
  return basename(config.dataDir) === 'memory:' ? join(tmpdir(), 'gridline-uploads') : join(config.dataDir, 'uploads')
}

/**
 * The real type of a file from its first bytes: a name or a Content-Type header can lie.
 * @returns null for anything but JPEG, PNG, WebP and PDF
 */
export function sniffType(bytes: Uint8Array): UploadType | null {
  const type = sniffFileType(bytes)
  return type && (UPLOAD_TYPES as readonly string[]).includes(type) ? (type as UploadType) : null
}

/**
 * Stores an uploaded floor plan, photo or document of a property (an inspector's photos with
 * kind 'inspection'). Landlords add files while the application is a draft or returned.
 * @throws UploadTooLargeError, UploadTypeError, NotFoundError, ForbiddenError, NotEditableError
 */
export async function saveUpload(
  deps: Deps,
  actor: Actor,
  propertyId: string,
  upload: { kind: FileKind; name?: string; body: Buffer },
  now = new Date(),
) {
  if (upload.body.length > MAX_UPLOAD_BYTES) throw new UploadTooLargeError()
  const type = sniffType(upload.body)
  if (!type) throw new UploadTypeError()
  const property = await requireProperty(deps.db, actor, propertyId)
  const inspector = (INSPECTOR_ROLES as readonly string[]).includes(actor.account.role)
  if (upload.kind === 'inspection' ? !inspector : actor.account.role === 'fire_inspector') throw new ForbiddenError()
  if (upload.kind !== 'inspection' && actor.account.role === 'landlord' && property.status !== 'draft' && property.status !== 'returned') {
    throw new NotEditableError(property.status)
  }
  const root = uploadRoot(deps.config)
  const id = randomUUID()
  const name = safeFileName(upload.name, type)
  const storageKey = join('housing', property.id, `${id}.${FILE_EXTENSIONS[type]}`)
  const path = join(root, storageKey)
  await mkdir(join(root, 'housing', property.id), { recursive: true })
  // Write beside, then rename: a reader never sees half a file.
  await writeFile(`${path}.part`, upload.body, { mode: 0o600 })
  await rename(`${path}.part`, path)
  try {
    await deps.db
      .insertInto('house_file')
      .values({
        id,
        property_id: property.id,
        area_id: property.area_id,
        inspection_id: null,
        kind: upload.kind,
        content_type: type,
        size_bytes: upload.body.length,
        original_name: name,
        storage_key: storageKey,
        uploaded_by: actor.account.id,
      })
      .execute()
  } catch (error) {
    await unlink(path).catch(() => {})
    throw error
  }
  await recordAudit(deps.db, actor, 'create', 'house_file', [{ id, areaId: property.area_id }])
  return {
    id,
    kind: upload.kind,
    contentType: type,
    sizeBytes: upload.body.length,
    originalName: name,
    inspectionId: null,
    createdAt: now.toISOString(),
  }
}

/** The files of a property the actor may see. */
export async function listFiles(deps: Deps, actor: Actor, propertyId: string) {
  const rows = await selectInScope(deps.db, actor, 'house_file')
    .selectAll()
    .where('house_file.property_id', '=', propertyId)
    .orderBy('house_file.created_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    originalName: r.original_name,
    inspectionId: r.inspection_id,
    createdAt: r.created_at.toISOString(),
  }))
}

/**
 * Opens a stored file for download, for those who may see its property.
 * @throws NotFoundError
 */
export async function openFile(deps: Deps, actor: Actor, fileId: string) {
  const filter = await propertyFilterFor(deps.db, actor)
  let q = selectInScope(deps.db, actor, 'house_file')
    .innerJoin('rental_property', 'rental_property.id', 'house_file.property_id')
    .selectAll('house_file')
    .where('house_file.id', '=', fileId)
  if (filter.landlordPersonId) q = q.where('rental_property.landlord_person_id', '=', filter.landlordPersonId)
  const row = await q.executeTakeFirst()
  if (!row) throw new NotFoundError('file')
  return {
    contentType: row.content_type,
    name: row.original_name,
    size: row.size_bytes,
    stream: createReadStream(join(uploadRoot(deps.config), row.storage_key)),
  }
}
