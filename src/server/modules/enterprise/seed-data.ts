import type { Industry } from '../../../shared/schemas/enterprise.ts'
import type { ExpertField, ProblemCategory, ProblemState } from '../../../shared/schemas/enterprise-problem.ts'
import type { MemberRole } from '../../../shared/schemas/enterprise-experts.ts'
import { creditCodeCheckCharacter } from '../../../shared/schemas/enterprise-credit-code.ts'

/**
 * Demo data from the report (PRODUCT.md §5): Ouhai's enterprises (Desai shoes with 300 staff
 * from other provinces brought back by chartered train, Wanchao electrical with its
 * four-part resumption guide), its "1+N" and "1+1+3" service teams, and Lucheng's 8 industry
 * and 10 expert service teams with experts. People are named by surname and title only.
 */

/**
 * A fake but valid unified social credit code (legal person, enterprise: 91).
 * @example demoCreditCode('330304', 7) // '91330304MA2C00007' + its check character
 */
export function demoCreditCode(division: string, serial: number): string {
  const first17 = `91${division}MA2C${String(serial).padStart(5, '0')}`
  return first17 + creditCodeCheckCharacter(first17)
}

export interface DemoEnterprise {
  key: string
  name: string
  industry: Industry
  aboveScale: boolean
  staffLocal: number
  staffOtherProvince: number
  areaCode: string
  address: string
  contactName: string
  owner: string
  team?: string
  resumption: 'approved' | 'submitted' | 'returned' | 'none'
  /** The demo enterprise account linked to it. */
  account?: string
}

export const NAMED_ENTERPRISES: DemoEnterprise[] = [
  {
    key: 'desai',
    name: '浙江德赛集团有限公司',
    industry: 'footwear',
    aboveScale: true,
    staffLocal: 420,
    staffOtherProvince: 312,
    areaCode: '330304006001',
    address: '瓯海区娄桥街道德赛工业园',
    contactName: '余经理',
    owner: 'liaison',
    team: '德赛集团"1+1+3"助企服务小组',
    resumption: 'approved',
    account: 'desai',
  },
  {
    key: 'wanchao',
    name: '浙江万超电器有限公司',
    industry: 'electrical',
    aboveScale: true,
    staffLocal: 160,
    staffOtherProvince: 210,
    areaCode: '330304005001',
    address: '瓯海区瞿溪街道瞿溪工业区',
    contactName: '周主任',
    owner: 'liaison2',
    team: '瞿溪街道万超"1+N"服务专班',
    resumption: 'approved',
    account: 'wanchao',
  },
  {
    key: 'eyewear',
    name: '温州市瓯海眼镜有限公司',
    industry: 'eyewear',
    aboveScale: false,
    staffLocal: 45,
    staffOtherProvince: 80,
    areaCode: '330304005001',
    address: '瓯海区瞿溪街道眼镜产业园 3 号楼',
    contactName: '陈厂长',
    owner: 'liaison',
    resumption: 'submitted',
    account: 'enterprise',
  },
  {
    key: 'shuoerbo',
    name: '温州硕而博科技有限公司',
    industry: 'electronics',
    aboveScale: true,
    staffLocal: 90,
    staffOtherProvince: 140,
    areaCode: '330304007001',
    address: '瓯海区潘桥街道科技园',
    contactName: '李总',
    owner: 'liaison',
    resumption: 'approved',
  },
  {
    key: 'aole',
    name: '温州奥乐安全器材有限公司',
    industry: 'machinery',
    aboveScale: true,
    staffLocal: 75,
    staffOtherProvince: 60,
    areaCode: '330302001001',
    address: '鹿城区炬光园',
    contactName: '黄经理',
    owner: 'liaison3',
    resumption: 'approved',
  },
  {
    key: 'mingtai',
    name: '浙江明泰标准件有限公司',
    industry: 'machinery',
    aboveScale: true,
    staffLocal: 130,
    staffOtherProvince: 95,
    areaCode: '330302002001',
    address: '鹿城区南汇街道',
    contactName: '吴主任',
    owner: 'liaison3',
    resumption: 'approved',
  },
  {
    key: 'oulong',
    name: '浙江瓯珑电气有限公司',
    industry: 'electrical',
    aboveScale: true,
    staffLocal: 110,
    staffOtherProvince: 150,
    areaCode: '330302001001',
    address: '鹿城区五马街道',
    contactName: '郑经理',
    owner: 'liaison3',
    resumption: 'returned',
  },
]

/** Name stems for the other enterprises of each district (deterministic, see seed.ts). */
export const GENERATED: { district: string; villages: string[]; owner: string; count: number }[] = [
  { district: '330304', villages: ['330304005001', '330304005002', '330304006001', '330304007001'], owner: 'liaison', count: 32 },
  { district: '330302', villages: ['330302001001', '330302002001'], owner: 'liaison3', count: 14 },
]
export const STEMS = [
  '瓯江',
  '泽雅',
  '仙岩',
  '丽岙',
  '郭溪',
  '景山',
  '梧田',
  '南白象',
  '新桥',
  '三垟',
  '茶山',
  '大罗山',
  '塘下',
  '江滨',
  '松台',
  '蒲鞋市',
]
export const INDUSTRY_SUFFIX: Partial<Record<Industry, string>> = {
  footwear: '鞋业有限公司',
  apparel: '服饰有限公司',
  eyewear: '眼镜有限公司',
  electrical: '电气有限公司',
  pump_valve: '阀门有限公司',
  auto_parts: '汽摩配件有限公司',
  printing_packaging: '印刷包装有限公司',
  machinery: '机械有限公司',
}

export interface DemoTeam {
  name: string
  kind: 'liaison' | 'industry' | 'expert'
  areaCode: string
  field?: ExpertField
  industry?: Industry
  formation?: string
  members: { name: string; role: MemberRole; title?: string; account?: string }[]
}

const experts = (...list: [string, string, string?][]) =>
  list.map(([name, title, account]) => ({ name, title, role: 'expert' as const, account }))

export const TEAMS: DemoTeam[] = [
  {
    name: '瞿溪街道万超"1+N"服务专班',
    kind: 'liaison',
    areaCode: '330304005000',
    formation: '1+N',
    members: [
      { name: '驻企服务员 徐晨', role: 'team_leader', account: 'liaison2' },
      { name: '张主任', role: 'town_leader', title: '街道经济发展办公室主任' },
      { name: '林干部', role: 'service_staff', title: '区"三返"攻坚组' },
      { name: '何干部', role: 'service_staff', title: '新居民服务中心' },
    ],
  },
  {
    name: '德赛集团"1+1+3"助企服务小组',
    kind: 'liaison',
    areaCode: '330304000000',
    formation: '1+1+3',
    members: [
      { name: '驻企服务员 潘磊', role: 'district_commissioner', account: 'liaison' },
      { name: '娄桥街道 王副主任', role: 'town_leader' },
      { name: '助企服务员 赵', role: 'service_staff' },
      { name: '助企服务员 钱', role: 'service_staff' },
      { name: '助企服务员 孙', role: 'service_staff' },
    ],
  },
  {
    name: '瓯海区财会专家服务团',
    kind: 'expert',
    field: 'accounting',
    areaCode: '330304000000',
    members: experts(['专家 林会计师', '注册会计师', 'expert2'], ['周税务师', '注册税务师']),
  },
  {
    name: '瓯海区金融专家服务团',
    kind: 'expert',
    field: 'finance',
    areaCode: '330304000000',
    members: experts(['方行长', '银行信贷专家'], ['蔡经理', '融资担保专家']),
  },
  {
    name: '瓯海区法律专家服务团',
    kind: 'expert',
    field: 'law',
    areaCode: '330304000000',
    members: experts(['郑律师', '律师'], ['吴律师', '律师']),
  },
  // Lucheng: 8 industry service teams (专业服务团)…
  ...(
    [
      ['footwear', '鞋革'],
      ['apparel', '服装'],
      ['eyewear', '眼镜'],
      ['electrical', '电气'],
      ['pump_valve', '泵阀'],
      ['printing_packaging', '印刷包装'],
      ['electronics', '电子信息'],
      ['machinery', '机械装备'],
    ] as const
  ).map(([industry, label], i) => ({
    name: `鹿城区${label}产业专业服务团`,
    kind: 'industry' as const,
    industry,
    areaCode: '330302000000',
    members: [
      { name: `${'陈王李张刘杨黄赵'[i]}团长`, role: 'team_leader' as const, title: '区经信局' },
      { name: `${'吴周徐孙马朱胡郭'[i]}专员`, role: 'service_staff' as const, title: '行业协会' },
    ],
  })),
  // …and 10 expert service teams (专家服务团) by field (科技、金融、财会、法律、商贸…).
  {
    name: '鹿城区科技专家服务团',
    kind: 'expert',
    field: 'tech',
    areaCode: '330302000000',
    members: experts(['宋高工', '正高级工程师'], ['叶博士', '环境工程博士'], ['胡高工', '高级工程师']),
  },
  {
    name: '鹿城区金融专家服务团',
    kind: 'expert',
    field: 'finance',
    areaCode: '330302000000',
    members: experts(['钱行长', '银行信贷专家'], ['韩经理', '融资租赁专家']),
  },
  {
    name: '鹿城区财会专家服务团',
    kind: 'expert',
    field: 'accounting',
    areaCode: '330302000000',
    members: experts(['冯会计师', '注册会计师'], ['邓会计师', '注册会计师']),
  },
  {
    name: '鹿城区法律专家服务团',
    kind: 'expert',
    field: 'law',
    areaCode: '330302000000',
    members: experts(['专家 金律师', '律师', 'expert'], ['曹律师', '律师'], ['彭律师', '仲裁员']),
  },
  {
    name: '鹿城区商贸专家服务团',
    kind: 'expert',
    field: 'trade',
    areaCode: '330302000000',
    members: experts(['曾经理', '外贸专家'], ['田经理', '跨境电商专家']),
  },
  {
    name: '鹿城区人力资源专家服务团',
    kind: 'expert',
    field: 'hr',
    areaCode: '330302000000',
    members: experts(['董老师', '人力资源管理师'], ['袁老师', '劳动关系协调师']),
  },
  {
    name: '鹿城区税务专家服务团',
    kind: 'expert',
    field: 'tax',
    areaCode: '330302000000',
    members: experts(['蒋税务师', '注册税务师'], ['余税务师', '注册税务师']),
  },
  {
    name: '鹿城区知识产权专家服务团',
    kind: 'expert',
    field: 'ip',
    areaCode: '330302000000',
    members: experts(['杜代理人', '专利代理师'], ['苏代理人', '商标代理人']),
  },
  {
    name: '鹿城区健康防疫专家服务团',
    kind: 'expert',
    field: 'safety',
    areaCode: '330302000000',
    members: experts(['庄医师', '主任医师'], ['魏医师', '疾控专家']),
  },
  {
    name: '鹿城区企业管理专家服务团',
    kind: 'expert',
    field: 'management',
    areaCode: '330302000000',
    members: experts(['程教授', '管理学教授'], ['吕顾问', '企业管理咨询师']),
  },
]

export interface DemoProblem {
  enterprise: string
  category: ProblemCategory
  title: string
  description: string
  state: ProblemState
  /** Calendar days ago it was reported. */
  daysAgo: number
  expertField?: ExpertField
  resolution?: string
  satisfaction?: number
  reopenReason?: string
}

/** The report's own problems first, in every state of the loop. */
export const PROBLEMS: DemoProblem[] = [
  {
    enterprise: 'wanchao',
    category: 'supplies',
    title: '防疫物资紧缺：体温计、护目镜、口罩',
    description: '复工在即，体温计 20 支、护目镜 50 副、口罩 3000 只缺口，市场上买不到。',
    state: 'closed',
    daysAgo: 20,
    resolution: '街道专班组当天调配体温计、护目镜、口罩送达企业。',
    satisfaction: 5,
  },
  {
    enterprise: 'wanchao',
    category: 'staff',
    title: '员工集中租住：需对接 30 人以上群租房',
    description: '复工后外地员工需统一居住、统一管理，希望对接辖区群租房。',
    state: 'resolved',
    daysAgo: 6,
    resolution: '与瞿溪街道新居民服务中心梳理 57 家 30 人以上群租房清单，已对接 3 处。',
  },
  {
    enterprise: 'desai',
    category: 'logistics',
    title: '300 多名省外员工返岗：需包车接回',
    description: '员工滞留湖南、江西，公共交通停运，需要政府协调包车接回。',
    state: 'closed',
    daysAgo: 18,
    resolution: '区人社局协调"返岗直通车"，首趟从湖南接回员工。',
    satisfaction: 5,
  },
  {
    enterprise: 'desai',
    category: 'finance',
    title: '申请战"疫"专项贷款贴息',
    description: '订单季节性强，需要周转资金，咨询 5000 万元贴息资金的申请条件。',
    state: 'in_progress',
    daysAgo: 4,
    expertField: 'finance',
  },
  {
    enterprise: 'shuoerbo',
    category: 'staff',
    title: '招工缺口 60 人，需外出招工专班支持',
    description: '老员工返岗不足，希望随招工专班赴四川广元招工。',
    state: 'accepted',
    daysAgo: 2,
  },
  {
    enterprise: 'eyewear',
    category: 'supply_chain',
    title: '上游镜架配套厂未复工，供应中断',
    description: '两家镜架供应商尚未复工，库存只够一周。',
    state: 'reported',
    daysAgo: 0,
  },
  {
    enterprise: 'oulong',
    category: 'legal',
    title: '海外订单延迟交付的违约纠纷',
    description: '疫情导致交货延期，外商主张违约金，需要法律意见（不可抗力证明）。',
    state: 'in_progress',
    daysAgo: 21,
    expertField: 'law',
  },
  {
    enterprise: 'mingtai',
    category: 'other',
    title: '污水、废气处理设施复工开机指导',
    description: '停产一个多月，处理设施重新开机需要技术指导。',
    state: 'closed',
    daysAgo: 16,
    expertField: 'tech',
    resolution: '科技专家团送去《重点行业企业复工污水、废气处理设施开机指导手册》并现场指导。',
    satisfaction: 5,
  },
  {
    enterprise: 'aole',
    category: 'supplies',
    title: '车间消毒防疫现场指导',
    description: '希望专家到厂指导车间、食堂的消毒流程。',
    state: 'closed',
    daysAgo: 12,
    expertField: 'safety',
    resolution: '健康防疫专家团赴炬光园现场指导。',
    satisfaction: 4,
  },
  {
    enterprise: 'desai',
    category: 'policy',
    title: '返工路费补贴未到账',
    description: '已按"16条"申报返工路费补贴，至今未到账。',
    state: 'reopened',
    daysAgo: 9,
    resolution: '已提交财政审核。',
    reopenReason: '财政审核已过，但企业账户仍未收到。',
  },
]
