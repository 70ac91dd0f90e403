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
  'twoFactor.codeFormat': { 'zh-CN': '请输入验证器中的 6 位数字', en: 'Enter the 6 digits from your authenticator app' },
  'password.weak': {
    'zh-CN': '密码至少 10 位，且包含字母和数字',
    en: 'The password needs at least 10 characters with letters and digits',
  },
  required: { 'zh-CN': '此项为必填项', en: 'This field is required' },
  SERVICE_UNAVAILABLE: {
    'zh-CN': '服务暂时不可用，请稍后重试',
    en: 'The service is briefly unavailable: try again in a moment',
  },
  CROSS_SITE_REQUEST: {
    'zh-CN': '请求来自其他网站，已拒绝。请在本平台页面内操作',
    en: 'This request came from another site and was refused: use the platform’s own pages',
  },
  'update.empty': { 'zh-CN': '没有要修改的内容', en: 'There is nothing to change' },
  'text.control': { 'zh-CN': '含有不可见的控制字符，请删除后重试', en: 'Contains an invisible control character: remove it and try again' },
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
  AUTH_THROTTLED: {
    'zh-CN': '登录失败次数过多，请稍等片刻再试',
    en: 'Too many failed sign-ins: wait a moment and try again',
  },
  AUTH_SECOND_FACTOR_REQUIRED: { 'zh-CN': '请输入身份验证器中的验证码', en: 'Enter the code from your authenticator app' },
  AUTH_SECOND_FACTOR_INVALID: { 'zh-CN': '验证码错误或已使用，请输入新的验证码', en: 'Wrong or already used code: enter a new one' },
  TWO_FACTOR_NOT_AVAILABLE: { 'zh-CN': '您的角色无需两步验证', en: 'Two-step verification is not offered for your role' },
  TWO_FACTOR_ALREADY_ENABLED: { 'zh-CN': '两步验证已开启', en: 'Two-step verification is already on' },
  TWO_FACTOR_NOT_PENDING: { 'zh-CN': '请先生成二维码再输入验证码', en: 'Start the set-up (QR code) before entering a code' },
  TWO_FACTOR_NOT_ENABLED: { 'zh-CN': '两步验证未开启', en: 'Two-step verification is not on' },
  AUTH_REQUIRED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  FORBIDDEN: { 'zh-CN': '您的角色无权进行此操作', en: 'Your role may not do this' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests: try again shortly' },
  BAD_REQUEST: { 'zh-CN': '请求格式有误，请刷新页面后重试', en: 'The request could not be read: reload the page and try again' },
  INVALID_JSON: { 'zh-CN': '提交的数据格式有误（不是有效的 JSON）', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的提交格式，请以 JSON 提交', en: 'Unsupported content type: send JSON' },
  BODY_TOO_LARGE: { 'zh-CN': '提交的内容过大，请减少或压缩附件后重试', en: 'The request is too large: send fewer or smaller files' },
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
  // Health officer screens (卫健): colour import
  CODES_IMPORT_FORMAT: {
    'zh-CN': '无法读取颜色清单：需要“证件号码”和“颜色”两列（可参照模板），文件为 CSV 或 Excel（.xlsx）',
    en: 'Cannot read the colour list: it needs the columns id_number and colour (see the template), as CSV or Excel (.xlsx)',
  },
  CODES_IMPORT_TOO_LARGE: { 'zh-CN': '一个文件最多 20000 行，请拆分后分批导入', en: 'At most 20,000 rows per file: split the list' },
  'codes.import_id_type': { 'zh-CN': '证件类型不正确（如：居民身份证、护照）', en: 'Unknown document type (e.g. resident_id, passport)' },
  'codes.import_colour': {
    'zh-CN': '颜色应为 绿、黄 或 红（green / yellow / red）',
    en: 'The colour must be green, yellow or red (绿/黄/红)',
  },
  'codes.import_unknown_person': {
    'zh-CN': '您的管辖范围内没有登记此证件号码的人员',
    en: 'No one with this ID number is registered in your area',
  },
  'codes.import_duplicate': { 'zh-CN': '同一人在文件中出现了两次', en: 'This person appears twice in the file' },
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
  ENTERPRISE_DUPLICATE_CREDIT_CODE: {
    'zh-CN': '该统一社会信用代码已登记',
    en: 'An enterprise with this credit code is already registered',
  },
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
  PROBLEM_ENTERPRISE_ONLY: {
    'zh-CN': '只有提出问题的企业可以确认或退回',
    en: 'Only the enterprise that reported it may confirm or reopen',
  },
  PROBLEM_STAFF_ONLY: { 'zh-CN': '企业不能办理自己的问题', en: 'Only service staff may handle a problem' },
  PROBLEM_NO_EXPERT_TEAM: {
    'zh-CN': '该区域没有此领域的专家服务团',
    en: 'No expert team of this field serves the enterprise’s area',
  },
  ATTACHMENT_TYPE: {
    'zh-CN': '附件只能是 JPG、PNG、WebP 图片、PDF 或 Excel (.xlsx) 文件',
    en: 'Attachments can only be JPG, PNG or WebP pictures, PDF or Excel (.xlsx) files',
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
  // Honest inspections (issue 13, item 8)
  'housing.item_unanswered': { 'zh-CN': '请逐项选择合格或不合格', en: 'Mark this item pass or fail' },
  'housing.fail_needs_photo': { 'zh-CN': '消防安全不合格须上传现场照片', en: 'A failed fire-safety item needs a photo' },
  HOUSING_FLOOR_PLAN_MISSING: { 'zh-CN': '请先上传户型图再提交申请', en: 'Upload the floor plan before submitting' },
  HOUSING_INSPECTION_PHOTO_UNKNOWN: {
    'zh-CN': '照片未找到或已用于其他核查，请重新上传',
    en: 'A photo was not found or belongs to another inspection: upload it again',
  },
  'housing.health_code_format': {
    'zh-CN': '请粘贴或扫描健康码（以 GL1:、HC1: 或 shc:/ 开头）',
    en: 'Paste or scan a health code (starting GL1:, HC1: or shc:/)',
  },
  'housing.health_code_missing': {
    'zh-CN': '请扫描健康码，或选择“我是新到人员，本地还没有健康码”',
    en: 'Scan your health code, or choose “I am new here and have no health code yet”',
  },
  'housing.arrival_date': {
    'zh-CN': '预计到达日期须在近一个月至未来一年之间',
    en: 'The arrival date must lie between a month ago and a year ahead',
  },
  'housing.import_area': { 'zh-CN': '区划代码不存在或不在您的管辖范围内', en: 'Unknown area code, or outside your area' },
  'housing.import_number': { 'zh-CN': '请填写正整数', en: 'Enter a whole number greater than zero' },
  'housing.import_landlord_name': {
    'zh-CN': '该证件号已登记为其他姓名',
    en: 'This ID number is registered under another name',
  },
  'housing.import_duplicate': { 'zh-CN': '文件中该房屋重复出现', en: 'This property appears twice in the file' },
  'otp.format': { 'zh-CN': '请输入 6 位数字验证码', en: 'Enter the 6-digit code' },
  HOUSING_BAD_TRANSITION: {
    'zh-CN': '申请当前状态不允许此操作，请刷新后查看',
    en: 'The application’s current state does not allow this: refresh to see it',
  },
  HOUSING_NOT_EDITABLE: { 'zh-CN': '只有草稿或已退回的申请可以修改', en: 'Only a draft or a returned application can be changed' },
  HOUSING_NOT_A_LANDLORD: {
    'zh-CN': '此账号未关联房东信息，请联系村（社区）工作人员',
    en: 'This account is not linked to a landlord: ask your village office',
  },
  HOUSING_LANDLORD_REQUIRED: { 'zh-CN': '请选择房东', en: 'Choose the landlord' },
  HOUSING_LANDLORD_NOT_FOUND: { 'zh-CN': '未找到该房东，或不在您的管辖范围内', en: 'Landlord not found, or outside your area' },
  HOUSING_ALREADY_INSPECTED: { 'zh-CN': '您的角色已对本轮申请作出核查结论', en: 'Your role has already signed off this round' },
  HOUSING_CHECKLIST_MISMATCH: { 'zh-CN': '请逐项填写本角色的核查清单', en: 'Fill in every item of your role’s checklist' },
  HOUSING_UPLOAD_TOO_LARGE: { 'zh-CN': '文件过大，单个文件不能超过 4 MB', en: 'The file is too large: at most 4 MB' },
  HOUSING_UPLOAD_TYPE: {
    'zh-CN': '只能上传 JPG、PNG、WebP 图片或 PDF 文件',
    en: 'Only JPG, PNG or WebP pictures and PDF files can be uploaded',
  },
  HOUSING_CODE_INVALID: {
    'zh-CN': '安居码无效或已失效，请重新扫描房东提供的安居码',
    en: 'The house code is not valid: scan the landlord’s house code again',
  },
  HOUSING_NOT_ACCEPTING: {
    'zh-CN': '该出租房的安居码已暂停或撤销，暂不能登记入住',
    en: 'This property’s house code is suspended or revoked: no registrations now',
  },
  HOUSING_HEALTH_CODE_INVALID: { 'zh-CN': '健康码无效、已过期或已被撤销', en: 'The health code is not valid, has expired or was revoked' },
  HOUSING_HEALTH_CODE_NOT_YOURS: {
    'zh-CN': '该健康码不属于所填证件号码的本人',
    en: 'This health code belongs to someone else than the ID number given',
  },
  HOUSING_ALREADY_OCCUPANT: { 'zh-CN': '您已是该出租房的在住租户，无需重复登记', en: 'You are already an occupant of this property' },
  HOUSING_OCCUPANT_ELSEWHERE: {
    'zh-CN': '此人仍登记在住其他出租房，请原房东先办理退租',
    en: 'This person is still an occupant of another property: that landlord must record the move-out first',
  },
  HOUSING_OTP_WRONG: { 'zh-CN': '验证码不正确', en: 'The code is wrong' },
  HOUSING_OTP_EXPIRED: {
    'zh-CN': '验证码已失效，请重新提交登记获取新验证码',
    en: 'The code has expired: submit the form again for a new one',
  },
  HOUSING_REGISTRATION_NOT_PENDING: {
    'zh-CN': '该登记已处理或尚未确认手机号',
    en: 'This registration was already reviewed, or its phone is not confirmed yet',
  },
  HOUSING_OCCUPANCY_FULL: {
    'zh-CN': '该出租房已住满（达到核定人数），不能再接收租户',
    en: 'This property is full (its approved capacity is reached)',
  },
  HOUSING_CAPACITY_BELOW_OCCUPANTS: {
    'zh-CN': '核定人数不能少于当前在住人数',
    en: 'The capacity cannot be below the current number of occupants',
  },
  HOUSING_ALREADY_MOVED_OUT: { 'zh-CN': '该租户已退租', en: 'This tenant has already moved out' },
  HOUSING_IMPORT_FORMAT: {
    'zh-CN': '无法读取文件：请使用模板中的 CSV 或 Excel（.xlsx）格式',
    en: 'Cannot read the file: use the template’s CSV or Excel (.xlsx) format',
  },
  // Returnees, isolation, devices, alerts, consultations, announcements (issue 5)
  'returnee.person': {
    'zh-CN': '请选择已登记人员或填写身份信息（二选一）',
    en: 'Choose a registered person or enter the identity (one of the two)',
  },
  RETURNEE_ALREADY_OBSERVED: { 'zh-CN': '此人已在居家观察中，请勿重复登记', en: 'This person is already under observation' },
  RETURNEE_PERSON_ELSEWHERE: {
    'zh-CN': '该证件号码已在其他区域登记，请联系所在地网格员登记',
    en: 'This ID is registered in another area: ask the grid worker there',
  },
  REPORT_DAY_OUTSIDE_OBSERVATION: { 'zh-CN': '该日期不在观察期内', en: 'That day is outside the observation period' },
  SELF_SERVICE_LINK_INVALID: {
    'zh-CN': '链接无效或已过期，请联系网格员',
    en: 'This link is unknown or has expired: contact your grid worker',
  },
  // The resident's own codes (/me)
  'me.otp_format': { 'zh-CN': '请输入 6 位数字验证码', en: 'Enter the 6-digit code' },
  'me.link_format': { 'zh-CN': '这不是有效的个人链接', en: 'This is not a personal link' },
  ME_OTP_WRONG: { 'zh-CN': '验证码不正确', en: 'The code is wrong' },
  ME_OTP_EXPIRED: { 'zh-CN': '验证码已失效，请重新获取', en: 'The code has expired: ask for a new one' },
  ME_LINK_INVALID: {
    'zh-CN': '个人链接无效或已被重新签发，请向网格员索取新链接',
    en: 'This personal link is unknown or was replaced: ask your grid worker for a new one',
  },
  ME_SESSION_REQUIRED: { 'zh-CN': '请先用手机号验证码或个人链接登录', en: 'Sign in with your phone number or personal link first' },
  SELF_SERVICE_LINK_REPLACED: {
    'zh-CN': '此链接已被新链接替换，请使用网格员最新发给您的链接',
    en: 'This link was replaced by a newer one: use the latest link your grid worker sent you',
  },
  SELF_SERVICE_LINK_NOT_CURRENT: { 'zh-CN': '这不是当前有效的链接，请重新生成', en: 'This is not the current link: issue a new one' },
  RETURNEE_NO_PHONE: {
    'zh-CN': '此人没有登记手机号码，无法发送短信',
    en: 'This person has no mobile number on record, so no text can be sent',
  },
  ISOLATION_ALREADY_OPEN: { 'zh-CN': '此人已有进行中的隔离', en: 'This person already has an open isolation order' },
  ISOLATION_RELEASED: { 'zh-CN': '该隔离已解除', en: 'This isolation order has been released' },
  ISOLATION_RESPONSIBLE_INVALID: { 'zh-CN': '责任人须为该区域的网格员', en: 'The responsible person must be a grid worker of the area' },
  DEVICE_SERIAL_TAKEN: { 'zh-CN': '该设备编号已登记', en: 'A device with this serial is already registered' },
  DEVICE_KIND_MISMATCH: { 'zh-CN': '此类设备不能用于居家隔离', en: 'This kind of device cannot be bound to an isolation order' },
  DEVICE_ALREADY_BOUND: {
    'zh-CN': '该设备已绑定其他隔离对象，请先解绑',
    en: 'The device is bound to another isolation order: unbind it first',
  },
  ALERT_ALREADY_HANDLED: { 'zh-CN': '该预警已处置', en: 'This alert has been handled already' },
  CONSULTATION_TAKEN: { 'zh-CN': '该问诊已被其他医生接诊', en: 'Another doctor has taken this consultation' },
  CONSULTATION_WAITING: { 'zh-CN': '此人已有待接诊或进行中的问诊', en: 'A consultation for this person is already waiting or running' },
  CONSULTATION_NOT_YOURS: { 'zh-CN': '只有接诊医生可以结束问诊', en: 'Only the doctor who took the consultation can close it' },
  BROADCAST_NO_SPEAKERS: { 'zh-CN': '没有符合条件的在用喇叭', en: 'No active speaker matches' },
  // Public notices (政策发布)
  'notice.keywordsCount': { 'zh-CN': '请填写 1–10 个关键词', en: 'Give one to ten keywords' },
  'notice.keywordsDuplicate': { 'zh-CN': '关键词重复', en: 'A keyword is given twice' },
  'notice.link': {
    'zh-CN': '链接须为本系统内的地址，以 / 开头，如 /subsidies',
    en: 'The link must be a Gridline address starting with /, e.g. /subsidies',
  },
  'notice.effectiveOrder': { 'zh-CN': '失效日期不能早于生效日期', en: 'The end date cannot be before the start date' },
  'notice.queryEmpty': {
    'zh-CN': '请输入要搜索的文字（标点符号无法搜索）',
    en: 'Type words to search for (punctuation alone finds nothing)',
  },
  NOTICE_ILLEGAL_TRANSITION: {
    'zh-CN': '公告当前状态不允许此操作，请刷新后重试',
    en: 'The notice’s current state does not allow this: refresh and try again',
  },
  // Recruitment drives (招工专班)
  'recruit.dates': { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  'recruit.wageRange': { 'zh-CN': '最高工资不能低于最低工资', en: 'The highest wage cannot be below the lowest' },
  RECRUIT_BUS_FULL: { 'zh-CN': '该班直通车已满座，请选择其他班次', en: 'This bus is full: choose another one' },
  RECRUIT_BUS_DEPARTED: { 'zh-CN': '该班直通车已发车', en: 'This bus has already left' },
  RECRUIT_BUS_ELSEWHERE: { 'zh-CN': '该班直通车不从所选地区出发', en: 'This bus does not leave from the chosen region' },
  RECRUIT_POSTING_UNAVAILABLE: { 'zh-CN': '该岗位已关闭或不在本次招工范围内', en: 'This job is closed or not part of this drive' },
  RECRUIT_REGION_CLOSED: { 'zh-CN': '该地区的招工已结束', en: 'Recruitment in this region has ended' },
  RECRUIT_STATE_TRANSITION: { 'zh-CN': '当前状态不能进行此操作', en: 'This change is not possible from the current state' },
  RECRUIT_SIGNUP_WITHDRAWN: { 'zh-CN': '该报名已退出', en: 'This sign-up was withdrawn' },
  RECRUIT_ENTERPRISE_NEEDED: { 'zh-CN': '请选择发布岗位的企业', en: 'Choose the enterprise this job is for' },
  RECRUIT_MEMBER_INVALID: { 'zh-CN': '专班成员须为本区域的招工专员', en: 'Team members must be recruiters of your area' },
  RECRUIT_SIGNED_UP_BEFORE: {
    'zh-CN': '该手机号已报名，招工专员会与您联系',
    en: 'This phone has already signed up with this team; a recruiter will call you',
  },
  // Subsidy payouts (兑付批次、银行文件)
  'subsidy.notPayable': {
    'zh-CN': '所选申请不可支付：须为已审批或支付失败待重付，且不在其他批次中',
    en: 'Not payable: an application must be approved (or failed and awaiting a retry) and in no other batch',
  },
  'subsidy.alreadyPaid': { 'zh-CN': '该申请已支付，不能再次支付', en: 'This application has been paid and cannot be paid again' },
  'subsidy.batchKeyTaken': { 'zh-CN': '该请求编号已用于其他批次', en: 'This request key was already used for another batch' },
  'subsidy.batchNotApproved': {
    'zh-CN': '该批次须由另一名政策兑现专员审核通过后，才能下载支付文件',
    en: 'Another policy officer must approve this batch before its payment file can be downloaded',
  },
  'subsidy.batchSelfApproval': {
    'zh-CN': '不能审核自己创建的批次，请由另一名政策兑现专员审核',
    en: 'You cannot approve a batch you created; another policy officer must approve it',
  },
  'subsidy.batchNotAwaitingApproval': {
    'zh-CN': '该批次已审核或已导出，无需再审核',
    en: 'This batch has already been approved or exported',
  },
  'subsidy.batchNotExported': {
    'zh-CN': '请先导出该批次的支付文件，再导入银行回盘',
    en: 'Export the batch’s payment file before importing the bank’s result',
  },
  'subsidy.bankFileChanged': {
    'zh-CN': '收款信息在导出后被修改，无法重新生成相同的支付文件，请联系管理员',
    en: 'Payee data changed after export, so the same payment file cannot be rebuilt: contact an administrator',
  },
  'subsidy.bank.empty': { 'zh-CN': '文件为空，缺少表头', en: 'The file is empty: the header row is missing' },
  'subsidy.bank.missingColumn': { 'zh-CN': '表头缺少此列', en: 'The header lacks this column' },
  'subsidy.bank.quote': { 'zh-CN': '此行引号不成对或位置错误', en: 'This line has an unmatched or misplaced quote' },
  'subsidy.bank.instructionId': { 'zh-CN': '指令编号格式不正确', en: 'The instruction id has the wrong format' },
  'subsidy.bank.duplicateLine': { 'zh-CN': '同一指令编号在文件中出现多次', en: 'This instruction id appears more than once in the file' },
  'subsidy.bank.status': { 'zh-CN': '状态须为 SUCCESS 或 FAILED', en: 'The status must be SUCCESS or FAILED' },
  'subsidy.bank.referenceMissing': { 'zh-CN': '支付成功的记录须有银行流水号', en: 'A successful payment needs the bank reference' },
  'subsidy.bank.tooLong': { 'zh-CN': '内容过长', en: 'Too long' },
  'subsidy.bank.settledAt': {
    'zh-CN': '到账时间格式不正确（如 2020-03-02 15:30:00）',
    en: 'The settlement time has the wrong format (e.g. 2020-03-02 15:30:00)',
  },
  'subsidy.bank.settledFuture': { 'zh-CN': '到账时间晚于当前时间', en: 'The settlement time is in the future' },
  'subsidy.bank.unknownInstruction': { 'zh-CN': '未找到该指令编号', en: 'No payment has this instruction id' },
  'subsidy.bank.otherBatch': { 'zh-CN': '该指令属于其他批次', en: 'This instruction belongs to another batch' },
  'subsidy.bank.contradicts': { 'zh-CN': '与已记录的支付结果不一致，未导入', en: 'Contradicts the outcome already recorded: not applied' },
  'subsidy.bank.settledBeforeExport': {
    'zh-CN': '到账日期早于支付文件导出日期，请核对回盘文件',
    en: 'The settlement date is before the payment file was exported: check the file',
  },
  'subsidy.bank.tooManyLines': {
    'zh-CN': '回盘文件超过 5000 条记录（一个批次最多 5000 笔），未导入；请确认文件是否属于本批次',
    en: 'The file has more than 5000 records (the most a batch holds) and was not imported: is it the right file?',
  },
  'subsidy.batchSettled': {
    'zh-CN': '本批次已有支付到账或失败，不能再次下载支付文件；失败的申请请放入新批次重付',
    en: 'Payments of this batch have been settled, so its payment file can no longer be downloaded; put failed ones into a new batch',
  },
  'subsidy.idempotencyMismatch': {
    'zh-CN': '该请求编号已用于另一组申请，请刷新后重新选择',
    en: 'This request key was used with other applications: refresh and choose again',
  },
  // Subsidy fulfilment (惠企政策兑现): policies, eligibility, applications, approvals
  'subsidy.rule.operator': { 'zh-CN': '该条件不能使用此运算', en: 'This operator does not fit the condition' },
  'subsidy.rule.values': { 'zh-CN': '请至少选择一项', en: 'Choose at least one value' },
  'subsidy.rule.number': { 'zh-CN': '请填写数值', en: 'A number is required' },
  'subsidy.rule.area': { 'zh-CN': '请选择区域', en: 'Choose an area' },
  'subsidy.policy.window': { 'zh-CN': '截止日期不能早于开始日期', en: 'The closing date cannot be before the opening date' },
  'subsidy.policy.formulaInput': {
    'zh-CN': '计算公式须引用单位匹配的申报项（按比例用金额，按人数用数量）',
    en: 'The formula needs an input of the right unit (an amount for a share, a count per unit)',
  },
  'subsidy.policy.duplicateInput': { 'zh-CN': '申报项标识不能重复', en: 'Input keys must differ' },
  'subsidy.payee.accountNo': { 'zh-CN': '银行账号须为 8–30 位数字', en: 'The account number must be 8 to 30 digits' },
  'subsidy.decision.reason': { 'zh-CN': '退回或不予通过时请填写理由', en: 'Give the reason for returning or rejecting' },
  'subsidy.input.required': { 'zh-CN': '请填写此项', en: 'Fill in this amount' },
  'subsidy.input.yuan': { 'zh-CN': '金额须为不小于 0 的数，最多两位小数', en: 'Enter an amount of 0 or more with at most 2 decimals' },
  'subsidy.input.count': { 'zh-CN': '请填写不小于 0 的整数', en: 'Enter a whole number of 0 or more' },
  'subsidy.input.max': { 'zh-CN': '超过本政策允许的上限', en: 'Above the most this policy allows' },
  'subsidy.input.unknown': { 'zh-CN': '本政策没有此申报项', en: 'This policy has no such input' },
  'subsidy.ineligible': { 'zh-CN': '不符合本政策的申报条件', en: 'The enterprise does not meet the policy’s conditions' },
  'subsidy.notOpen': { 'zh-CN': '该政策当前不在申报期内或未发布', en: 'This policy is not open for applications today' },
  'subsidy.documentMissing': { 'zh-CN': '请上传此材料', en: 'Upload this document' },
  'subsidy.documentUnknown': { 'zh-CN': '本政策不需要此材料', en: 'This policy does not ask for this document' },
  'subsidy.documentType': {
    'zh-CN': '材料只能是 PDF、OFD 或 JPG、PNG、WebP 图片',
    en: 'Documents can only be PDF, OFD or JPG, PNG or WebP pictures',
  },
  'subsidy.documentTooLarge': { 'zh-CN': '单个材料不能超过 2 MB', en: 'Each document can be at most 2 MB' },
  'subsidy.amountZero': {
    'zh-CN': '按所填数据计算的补助金额为 0，无需申报',
    en: 'The amount works out to 0: there is nothing to apply for',
  },
  'subsidy.budgetExhausted': {
    'zh-CN': '该政策剩余资金不足，无法再兑现此金额',
    en: 'The policy’s remaining budget cannot cover this amount',
  },
  'subsidy.duplicateApplication': {
    'zh-CN': '本企业在该期次已有申请，请勿重复申报',
    en: 'The enterprise already has an application for this period',
  },
  'subsidy.levelAlreadyDecided': { 'zh-CN': '该级审批已处理，请刷新后查看', en: 'This approval level has already been decided: refresh' },
  'subsidy.sameOfficer': {
    'zh-CN': '同一人不能审批同一申请的两级（双人复核）',
    en: 'The same officer cannot approve two levels of one application (four eyes)',
  },
  'subsidy.ownFiling': {
    'zh-CN': '本轮申请由您代为提交，须由其他人审批（双人复核）',
    en: 'You filed this application: another officer must approve it (four eyes)',
  },
  'subsidy.illegalState': {
    'zh-CN': '申请当前状态不允许此操作，请刷新后重试',
    en: 'The application’s current state does not allow this: refresh and try again',
  },
  'subsidy.budgetBelowCommitted': {
    'zh-CN': '预算不能低于已批准（已承诺）的金额',
    en: 'The budget cannot be below the amount already approved',
  },
  'subsidy.policyCodeTaken': { 'zh-CN': '该政策编号已被使用', en: 'This policy code is already used' },
  'subsidy.policyTransition': { 'zh-CN': '政策当前状态不允许此变更', en: 'The policy’s current state does not allow this change' },
  'subsidy.enterpriseNeeded': { 'zh-CN': '请选择代为申报的企业', en: 'Choose the enterprise you apply for' },
  'subsidy.invalidApplication': {
    'zh-CN': '申请内容不完整或有误，请按提示修改',
    en: 'The application is incomplete or has errors: see the fields',
  },
  'subsidy.periodKind': {
    'zh-CN': '申报期次与政策的期次类型不符（如 2020、2020-Q1、2020-02 或 once）',
    en: 'The period does not fit the policy (e.g. 2020, 2020-Q1, 2020-02 or once)',
  },
  'subsidy.areaOutsidePolicy': { 'zh-CN': '该企业不在本政策适用区域内', en: 'The enterprise is outside the area this policy covers' },
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
