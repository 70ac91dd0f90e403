/**
 * Who holds a code: the identity a guard compares with the face and the ID card, offline. Our
 * health codes carry it signed (masked name, birth date, last four of the ID document); an EU
 * DCC or a SMART Health Card carries name and birth date, shown the same way (name masked).
 */
import { MASKED_NAME_MAX, type CodeHolder, type JsonValue, type VerifyResult } from '../codes/index.ts'
import type { IdDocumentType } from '../id-document.ts'

/**
 * A name as a code and the gate screen show it: first and last character, the rest starred;
 * a Latin name word by word (Maria Garcia → M**** G*****). Long names are cut so the QR stays small.
 * @example maskName('张三明') // '张*明'
 * @example maskName('李明') // '李*'
 */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  let masked: string
  if (words.length > 1) masked = words.map((w) => [...w][0] + '*'.repeat(Math.min([...w].length - 1, 5))).join(' ')
  else {
    const chars = [...(words[0] ?? '')]
    if (chars.length <= 1) masked = '*'
    else if (chars.length === 2) masked = `${chars[0]}*`
    else masked = `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 5))}${chars.at(-1)}`
  }
  const chars = [...masked]
  return chars.length > MASKED_NAME_MAX ? chars.slice(0, MASKED_NAME_MAX).join('') : masked
}

/**
 * The identity claims of a health code from the person's record. The birth date comes from a
 * resident ID number (digits 7–14); other documents carry none we know, so it is left out.
 */
export function identityClaims(person: { name: string; idType: IdDocumentType; idNumber: string }): { n: string; b?: string; d: string } {
  const id = person.idNumber.toUpperCase().replace(/[^0-9A-Z]/g, '')
  const claims: { n: string; b?: string; d: string } = { n: maskName(person.name), d: id.slice(-4) }
  if (person.idType === 'resident_id' && /^\d{17}[\dX]$/.test(id)) claims.b = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  return claims
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function shcPatient(vc: { [key: string]: JsonValue }): { [key: string]: JsonValue } | undefined {
  const subject = vc.credentialSubject
  const bundle = subject && typeof subject === 'object' && !Array.isArray(subject) ? subject.fhirBundle : undefined
  const entries = bundle && typeof bundle === 'object' && !Array.isArray(bundle) && Array.isArray(bundle.entry) ? bundle.entry : []
  for (const entry of entries) {
    const resource = entry && typeof entry === 'object' && !Array.isArray(entry) ? entry.resource : undefined
    if (resource && typeof resource === 'object' && !Array.isArray(resource) && resource.resourceType === 'Patient') return resource
  }
  return undefined
}

/**
 * The holder of a verified code, or undefined when the code does not say (a health code issued
 * before identity claims, a house code). Only from signed claims: a forgery never gets here.
 */
export function holderOf(result: VerifyResult): CodeHolder | undefined {
  if (!result.claims) return undefined
  if (result.format === 'gridline') {
    const claims = result.claims as Extract<VerifyResult, { format: 'gridline'; valid: true }>['claims']
    return claims.type === 'health' ? claims.holder : undefined
  }
  if (result.format === 'dcc') {
    const { dcc } = result.claims as Extract<VerifyResult, { format: 'dcc'; valid: true }>['claims']
    const nam = dcc.nam && typeof dcc.nam === 'object' && !Array.isArray(dcc.nam) ? dcc.nam : {}
    const name = [text(nam.gn) ?? text(nam.gnt), text(nam.fn) ?? text(nam.fnt)].filter(Boolean).join(' ')
    const birthDate = text(dcc.dob)
    return name ? { name: maskName(name), ...(birthDate && { birthDate }) } : undefined
  }
  if (result.format === 'shc') {
    const patient = shcPatient((result.claims as Extract<VerifyResult, { format: 'shc'; valid: true }>['claims']).vc)
    if (!patient) return undefined
    const first = Array.isArray(patient.name) ? patient.name[0] : undefined
    const parts = first && typeof first === 'object' && !Array.isArray(first) ? first : {}
    const given = Array.isArray(parts.given) ? parts.given.map((g) => text(g)).filter(Boolean) : []
    const name = [...given, text(parts.family)].filter(Boolean).join(' ')
    const birthDate = text(patient.birthDate)
    return name ? { name: maskName(name), ...(birthDate && { birthDate }) } : undefined
  }
  return undefined
}
