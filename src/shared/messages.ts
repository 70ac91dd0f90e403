/**
 * Messages for our own validation rules and domain errors, in both UI languages. Zod's
 * built-in issues are translated by Zod's own locales; these cover what Zod cannot know.
 */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export const MESSAGES = {
  'id.format': { 'zh-CN': '证件号码格式不正确', en: 'The ID number has the wrong format' },
  'id.birth_date': { 'zh-CN': '身份证号中的出生日期无效', en: 'The birth date in the ID number is not a real date' },
  'id.check_digit': {
    'zh-CN': '身份证号校验位不正确，请核对后重新输入',
    en: 'The ID number check digit is wrong: please check the number',
  },
  'phone.format': { 'zh-CN': '请输入正确的手机号码', en: 'Enter a valid mobile phone number' },
  'area.code': { 'zh-CN': '区划代码格式不正确', en: 'The area code has the wrong format' },
  'password.weak': {
    'zh-CN': '密码至少 10 位，且包含字母和数字',
    en: 'The password needs at least 10 characters with letters and digits',
  },
  'required': { 'zh-CN': '此项为必填项', en: 'This field is required' },
  // Domain errors (problem+json `code`)
  PERSON_DUPLICATE_ID: {
    'zh-CN': '该证件号码已在本市登记，请勿重复登记',
    en: 'A person with this ID number is already registered in this city',
  },
  NOT_FOUND: { 'zh-CN': '未找到该记录，或不在您的管辖范围内', en: 'Not found, or outside your area' },
  AUTH_INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_LOCKED: {
    'zh-CN': '登录失败次数过多，账号已暂时锁定，请稍后再试',
    en: 'Too many failed sign-ins: the account is locked for a while',
  },
  AUTH_REQUIRED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  FORBIDDEN: { 'zh-CN': '您的角色无权进行此操作', en: 'Your role may not do this' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests: try again shortly' },
  VALIDATION: { 'zh-CN': '提交的内容有误，请按提示修改', en: 'Some fields need correcting' },
  AREA_OUTSIDE_SCOPE: {
    'zh-CN': '所选区域不在您的管辖范围内',
    en: 'The chosen area is outside your area',
  },
  AREA_DUPLICATE_CODE: { 'zh-CN': '该区划代码已存在', en: 'An area with this code already exists' },
  AREA_BAD_PARENT: { 'zh-CN': '上级区划不正确', en: 'The parent area is not valid for this level' },
  CODES_NO_HEALTH_STATUS: {
    'zh-CN': '卫健部门尚未给出此人的健康码颜色，暂不能生成健康码',
    en: 'The health authority has not given this person a colour yet',
  },
  GATE_SCAN_ID_REUSED: { 'zh-CN': '扫码编号重复，请重新扫码', en: 'This scan id was used for another scan: scan again' },
  CONFLICT: { 'zh-CN': '数据冲突，请刷新后重试', en: 'Conflict: refresh and try again' },
  INTERNAL: { 'zh-CN': '系统繁忙，请稍后再试', en: 'Something went wrong on our side' },
} as const satisfies Record<string, Record<Locale, string>>

export type MessageKey = keyof typeof MESSAGES

/** Picks the message for a key in a locale, falling back to English for unknown keys. */
export function message(key: string, locale: Locale): string | undefined {
  const entry = (MESSAGES as Record<string, Record<Locale, string>>)[key]
  return entry?.[locale]
}

/** Reads an Accept-Language header: zh* → zh-CN, otherwise en unless nothing is given (zh-CN). */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN'
  const first = acceptLanguage.split(',')[0]!.trim().toLowerCase()
  return first.startsWith('en') ? 'en' : 'zh-CN'
}
