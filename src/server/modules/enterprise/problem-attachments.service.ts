import { PROBLEM_ATTACHMENT_TYPES } from '../../../shared/file-types.ts'
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/enterprise-problem.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { safeFileName, sniffFileType } from '../../files/file-type.ts'
import type { Actor } from '../auth/actor.ts'
import { AttachmentTooLargeError, AttachmentTypeError } from './enterprise.errors.ts'
import * as repo from './problems.repository.ts'
import { viewerOf } from './viewer.ts'

/**
 * Attaches a file to a problem (a photo of the stuck shipment, a contract): the enterprise to
 * its own problems, staff to any in scope. Kept in the database, so every app server sees it.
 * The type is what the bytes are (the claimed one is ignored), and the name ends in its extension.
 * @throws NotFoundError, AttachmentTooLargeError, AttachmentTypeError
 */
export async function addAttachment(
  deps: Deps,
  actor: Actor,
  problemId: string,
  input: { fileName: string; contentType: string; contentBase64: string },
) {
  const viewer = await viewerOf(deps.db, actor)
  const content = Buffer.from(input.contentBase64, 'base64')
  if (content.length > MAX_ATTACHMENT_BYTES) throw new AttachmentTooLargeError()
  const contentType = sniffFileType(content)
  if (!contentType || !PROBLEM_ATTACHMENT_TYPES.includes(contentType)) throw new AttachmentTypeError()
  const fileName = safeFileName(input.fileName, contentType)
  return deps.db.transaction().execute(async (trx) => {
    const problem = await repo.findProblem(trx, viewer, problemId)
    if (!problem) throw new NotFoundError('problem')
    const row = await repo.insertAttachment(trx, {
      problem_id: problemId,
      area_id: problem.area_id,
      file_name: fileName,
      content_type: contentType,
      size: content.length,
      content,
      uploaded_by: actor.account.id,
    })
    await repo.insertEvent(trx, {
      problem_id: problemId,
      area_id: problem.area_id,
      action: 'attach',
      from_state: null,
      to_state: null,
      actor_account_id: actor.account.id,
      note: fileName,
    })
    return { id: row.id, fileName, contentType, size: content.length, uploadedAt: row.uploaded_at.toISOString() }
  })
}

/** An attachment's bytes, for download. @throws NotFoundError */
export async function readAttachment(deps: Deps, actor: Actor, problemId: string, attachmentId: string) {
  const viewer = await viewerOf(deps.db, actor)
  if (!(await repo.findProblem(deps.db, viewer, problemId))) throw new NotFoundError('problem')
  const row = await repo.findAttachment(deps.db, actor, problemId, attachmentId)
  if (!row) throw new NotFoundError('attachment')
  return { fileName: row.file_name, contentType: row.content_type, content: Buffer.from(row.content) }
}
