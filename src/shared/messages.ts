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
  PERSON_ID_NUMBER_NEEDED: {
    'zh-CN': '更换证件类型时请填写新的证件号码',
    en: 'A changed document type needs its number',
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
  // Enterprise module (复工复产): validation keys
  'creditCode.format': {
    'zh-CN': '统一社会信用代码应为 18 位（数字或大写字母，不含 I、O、S、V、Z）',
    en: 'The unified social credit code has 18 characters (digits and capitals without I, O, S, V, Z)',
  },
  'creditCode.check': {
    'zh-CN': '统一社会信用代码校验位不正确，请核对后重新输入',
    en: 'The credit code check character is wrong: please check the code',
  },
  'plate.format': { 'zh-CN': '请输入正确的车牌号，如 浙C12345', en: 'Enter a valid plate number, e.g. 浙C12345' },
  'problem.resolutionRequired': { 'zh-CN': '请填写办理结果', en: 'Say how the problem was resolved' },
  'problem.reopenReasonRequired': { 'zh-CN': '请说明未解决的原因', en: 'Say why the problem is not solved' },
  'problem.satisfactionRequired': { 'zh-CN': '请评价满意度（1–5 星）', en: 'Rate your satisfaction (1 to 5)' },
  'resumption.returnReasonRequired': { 'zh-CN': '请说明退回原因和需整改的内容', en: 'Say what needs fixing' },
  'team.fieldRequired': { 'zh-CN': '专家服务团须选择服务领域', en: 'An expert team needs a field' },
  'slot.endsBeforeStart': { 'zh-CN': '结束时间须晚于开始时间', en: 'The end must be after the start' },
  'booking.slotOrField': { 'zh-CN': '请选择一个时段，或选择领域由系统派单', en: 'Choose a slot, or a field to be dispatched' },
  'consultation.panelNeedsTwo': { 'zh-CN': '集中会诊至少需要两位专家', en: 'A panel review needs at least two experts' },
  'calendar.dateOutsideYear': { 'zh-CN': '日期不在该年度范围内', en: 'The date is outside this year' },
  'calendar.duplicateDate': { 'zh-CN': '日期重复', en: 'The date is given twice' },
  'calendar.workdayOnWeekday': { 'zh-CN': '调休上班日应为周六或周日', en: 'A make-up workday falls on a weekend' },
  'import.header': { 'zh-CN': '表头缺少必需的列', en: 'The header lacks required columns' },
  'import.unknownArea': { 'zh-CN': '区划代码不存在或不在您的管辖范围内', en: 'No such area code in your area' },
  'import.unknownLiaison': { 'zh-CN': '驻企服务员账号不存在或不能服务该区域', en: 'No such liaison officer for this area' },
  'import.duplicateInFile': { 'zh-CN': '文件中该信用代码重复', en: 'This credit code appears twice in the file' },
  'import.yesNo': { 'zh-CN': '请填写 是 或 否', en: 'Write yes or no' },
  'import.number': { 'zh-CN': '请填写非负整数', en: 'Write a whole number, 0 or more' },
  // Enterprise module: domain errors
  ENTERPRISE_DUPLICATE_CREDIT_CODE: { 'zh-CN': '该统一社会信用代码已登记', en: 'An enterprise with this credit code is already registered' },
  ENTERPRISE_ACCOUNT_UNLINKED: {
    'zh-CN': '该企业账号尚未关联企业，请联系驻企服务员',
    en: 'This enterprise account is not linked to an enterprise yet: ask your liaison officer',
  },
  ENTERPRISE_OWNER_INVALID: {
    'zh-CN': '所选人员不是可服务该区域的驻企服务员',
    en: 'The chosen account is not a liaison officer serving this area',
  },
  ENTERPRISE_NO_OWNER: { 'zh-CN': '请为企业指定驻企服务员', en: 'Choose the liaison officer for this enterprise' },
  PROBLEM_ILLEGAL_TRANSITION: { 'zh-CN': '问题当前状态不允许此操作', en: 'The problem’s current state does not allow this' },
  PROBLEM_CHANGED: { 'zh-CN': '问题刚被他人处理，请刷新后重试', en: 'Someone else just changed this problem: refresh and try again' },
  PROBLEM_NOT_OWNER: { 'zh-CN': '只有负责该问题的服务员可以办理', en: 'Only the officer who owns this problem may do this' },
  PROBLEM_ENTERPRISE_ONLY: { 'zh-CN': '只有提出问题的企业可以确认或退回', en: 'Only the enterprise that reported it may confirm or reopen' },
  PROBLEM_STAFF_ONLY: { 'zh-CN': '企业不能办理自己的问题', en: 'Only service staff may handle a problem' },
  PROBLEM_NO_EXPERT_TEAM: {
    'zh-CN': '该区域没有此领域的专家服务团',
    en: 'No expert team of this field serves the enterprise’s area',
  },
  ATTACHMENT_TOO_LARGE: { 'zh-CN': '附件不能超过 2 MB', en: 'Attachments are limited to 2 MB' },
  RESUMPTION_PENDING_EXISTS: { 'zh-CN': '已有一份待审核的复工申请', en: 'An application is already waiting for review' },
  RESUMPTION_NOT_PENDING: { 'zh-CN': '该申请已审核，不能再次审核', en: 'This application has already been decided' },
  RESUMPTION_CHECKLIST_INCOMPLETE: {
    'zh-CN': '防控检查清单尚未全部落实，不能批准复工',
    en: 'The prevention checklist is not complete: the application cannot be approved',
  },
  EXPERT_SLOT_TAKEN: { 'zh-CN': '该时段已被预约，请选择其他时段', en: 'This slot is already booked: choose another' },
  EXPERT_SLOT_PAST: { 'zh-CN': '该时段已过，不能预约', en: 'This slot is in the past' },
  EXPERT_SLOT_DUPLICATE: { 'zh-CN': '该专家在此时间已有时段', en: 'This expert already has a slot at that time' },
  EXPERT_NO_SLOT_AVAILABLE: { 'zh-CN': '该领域暂无可预约的专家时段', en: 'No free expert slot in this field' },
  EXPERT_BOOKING_STATE: { 'zh-CN': '预约当前状态不允许此操作', en: 'The booking’s state does not allow this' },
  EXPERT_NOT_MEMBER: { 'zh-CN': '只能为本人或本团队的专家操作', en: 'Only for yourself or your team’s experts' },
  CONSULTATION_CONCLUDED: { 'zh-CN': '会诊已有结论', en: 'This consultation is already concluded' },
  CALENDAR_INVALID: { 'zh-CN': '节假日数据有误，未导入', en: 'The holiday data has errors: nothing was imported' },
  // House codes (安居码): validation keys, then domain errors
  'housing.fail_needs_note': { 'zh-CN': '不合格项请填写原因', en: 'Give the reason for a failed item' },
  'housing.health_code_format': {
    'zh-CN': '请粘贴或扫描健康码（以 GL1:、HC1: 或 shc:/ 开头）',
    en: 'Paste or scan a health code (starting GL1:, HC1: or shc:/)',
  },
  'housing.arrival_date': { 'zh-CN': '预计到达日期须在近一个月至未来一年之间', en: 'The arrival date must lie between a month ago and a year ahead' },
  'housing.import_area': { 'zh-CN': '区划代码不存在或不在您的管辖范围内', en: 'Unknown area code, or outside your area' },
  'housing.import_number': { 'zh-CN': '请填写正整数', en: 'Enter a whole number greater than zero' },
  'housing.import_landlord_name': {
    'zh-CN': '该证件号已登记为其他姓名',
    en: 'This ID number is registered under another name',
  },
  'housing.import_duplicate': { 'zh-CN': '文件中该房屋重复出现', en: 'This property appears twice in the file' },
  'otp.format': { 'zh-CN': '请输入 6 位数字验证码', en: 'Enter the 6-digit code' },
  HOUSING_BAD_TRANSITION: { 'zh-CN': '申请当前状态不允许此操作，请刷新后查看', en: 'The application’s current state does not allow this: refresh to see it' },
  HOUSING_NOT_EDITABLE: { 'zh-CN': '只有草稿或已退回的申请可以修改', en: 'Only a draft or a returned application can be changed' },
  HOUSING_NOT_A_LANDLORD: { 'zh-CN': '此账号未关联房东信息，请联系村（社区）工作人员', en: 'This account is not linked to a landlord: ask your village office' },
  HOUSING_LANDLORD_REQUIRED: { 'zh-CN': '请选择房东', en: 'Choose the landlord' },
  HOUSING_LANDLORD_NOT_FOUND: { 'zh-CN': '未找到该房东，或不在您的管辖范围内', en: 'Landlord not found, or outside your area' },
  HOUSING_ALREADY_INSPECTED: { 'zh-CN': '您的角色已对本轮申请作出核查结论', en: 'Your role has already signed off this round' },
  HOUSING_CHECKLIST_MISMATCH: { 'zh-CN': '请逐项填写本角色的核查清单', en: 'Fill in every item of your role’s checklist' },
  HOUSING_UPLOAD_TOO_LARGE: { 'zh-CN': '文件过大，单个文件不能超过 4 MB', en: 'The file is too large: at most 4 MB' },
  HOUSING_UPLOAD_TYPE: { 'zh-CN': '只能上传 JPG、PNG、WebP 图片或 PDF 文件', en: 'Only JPG, PNG or WebP pictures and PDF files can be uploaded' },
  HOUSING_CODE_INVALID: { 'zh-CN': '安居码无效或已失效，请重新扫描房东提供的安居码', en: 'The house code is not valid: scan the landlord’s house code again' },
  HOUSING_NOT_ACCEPTING: { 'zh-CN': '该出租房的安居码已暂停或撤销，暂不能登记入住', en: 'This property’s house code is suspended or revoked: no registrations now' },
  HOUSING_HEALTH_CODE_INVALID: { 'zh-CN': '健康码无效、已过期或已被撤销', en: 'The health code is not valid, has expired or was revoked' },
  HOUSING_HEALTH_CODE_NOT_YOURS: { 'zh-CN': '该健康码不属于所填证件号码的本人', en: 'This health code belongs to someone else than the ID number given' },
  HOUSING_ALREADY_OCCUPANT: { 'zh-CN': '您已是该出租房的在住租户，无需重复登记', en: 'You are already an occupant of this property' },
  HOUSING_OCCUPANT_ELSEWHERE: {
    'zh-CN': '此人仍登记在住其他出租房，请原房东先办理退租',
    en: 'This person is still an occupant of another property: that landlord must record the move-out first',
  },
  HOUSING_OTP_WRONG: { 'zh-CN': '验证码不正确', en: 'The code is wrong' },
  HOUSING_OTP_EXPIRED: { 'zh-CN': '验证码已失效，请重新提交登记获取新验证码', en: 'The code has expired: submit the form again for a new one' },
  HOUSING_REGISTRATION_NOT_PENDING: { 'zh-CN': '该登记已处理或尚未确认手机号', en: 'This registration was already reviewed, or its phone is not confirmed yet' },
  HOUSING_OCCUPANCY_FULL: { 'zh-CN': '该出租房已住满（达到核定人数），不能再接收租户', en: 'This property is full (its approved capacity is reached)' },
  HOUSING_CAPACITY_BELOW_OCCUPANTS: { 'zh-CN': '核定人数不能少于当前在住人数', en: 'The capacity cannot be below the current number of occupants' },
  HOUSING_ALREADY_MOVED_OUT: { 'zh-CN': '该租户已退租', en: 'This tenant has already moved out' },
  HOUSING_IMPORT_FORMAT: { 'zh-CN': '无法读取文件：请使用模板中的 CSV 或 Excel（.xlsx）格式', en: 'Cannot read the file: use the template’s CSV or Excel (.xlsx) format' },
  // Returnees, isolation, devices, alerts, consultations, announcements (issue 5)
  'returnee.person': { 'zh-CN': '请选择已登记人员或填写身份信息（二选一）', en: 'Choose a registered person or enter the identity (one of the two)' },
  RETURNEE_ALREADY_OBSERVED: { 'zh-CN': '此人已在居家观察中，请勿重复登记', en: 'This person is already under observation' },
  RETURNEE_PERSON_ELSEWHERE: {
    'zh-CN': '该证件号码已在其他区域登记，请联系所在地网格员登记',
    en: 'This ID is registered in another area: ask the grid worker there',
  },
  REPORT_DAY_OUTSIDE_OBSERVATION: { 'zh-CN': '该日期不在观察期内', en: 'That day is outside the observation period' },
  SELF_SERVICE_LINK_INVALID: { 'zh-CN': '链接无效或已过期，请联系网格员', en: 'This link is unknown or has expired: contact your grid worker' },
  ISOLATION_ALREADY_OPEN: { 'zh-CN': '此人已有进行中的隔离', en: 'This person already has an open isolation order' },
  ISOLATION_RELEASED: { 'zh-CN': '该隔离已解除', en: 'This isolation order has been released' },
  ISOLATION_RESPONSIBLE_INVALID: { 'zh-CN': '责任人须为该区域的网格员', en: 'The responsible person must be a grid worker of the area' },
  DEVICE_SERIAL_TAKEN: { 'zh-CN': '该设备编号已登记', en: 'A device with this serial is already registered' },
  DEVICE_KIND_MISMATCH: { 'zh-CN': '此类设备不能用于居家隔离', en: 'This kind of device cannot be bound to an isolation order' },
  DEVICE_ALREADY_BOUND: { 'zh-CN': '该设备已绑定其他隔离对象，请先解绑', en: 'The device is bound to another isolation order: unbind it first' },
  ALERT_ALREADY_HANDLED: { 'zh-CN': '该预警已处置', en: 'This alert has been handled already' },
  CONSULTATION_TAKEN: { 'zh-CN': '该问诊已被其他医生接诊', en: 'Another doctor has taken this consultation' },
  CONSULTATION_WAITING: { 'zh-CN': '此人已有待接诊或进行中的问诊', en: 'A consultation for this person is already waiting or running' },
  CONSULTATION_NOT_YOURS: { 'zh-CN': '只有接诊医生可以结束问诊', en: 'Only the doctor who took the consultation can close it' },
  BROADCAST_NO_SPEAKERS: { 'zh-CN': '没有符合条件的在用喇叭', en: 'No active speaker matches' },
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
