/** Fixed reference data for the demo company: regions, cities, names and phrases. */

export const REGIONS = [
  {
    code: 'east',
    name: 'East',
    nameZh: '华东',
    timeZone: 'Asia/Shanghai',
    cities: [
      { code: 'shanghai', name: 'Shanghai', nameZh: '上海', lat: 31.2304, lng: 121.4737 },
      { code: 'hangzhou', name: 'Hangzhou', nameZh: '杭州', lat: 30.2741, lng: 120.1551 },
      { code: 'nanjing', name: 'Nanjing', nameZh: '南京', lat: 32.0603, lng: 118.7969 },
      { code: 'suzhou', name: 'Suzhou', nameZh: '苏州', lat: 31.2989, lng: 120.5853 },
    ],
  },
  {
    code: 'south',
    name: 'South',
    nameZh: '华南',
    timeZone: 'Asia/Hong_Kong',
    cities: [
      { code: 'guangzhou', name: 'Guangzhou', nameZh: '广州', lat: 23.1291, lng: 113.2644 },
      { code: 'shenzhen', name: 'Shenzhen', nameZh: '深圳', lat: 22.5431, lng: 114.0579 },
      { code: 'hongkong', name: 'Hong Kong', nameZh: '香港', lat: 22.3193, lng: 114.1694 },
      { code: 'dongguan', name: 'Dongguan', nameZh: '东莞', lat: 23.0207, lng: 113.7518 },
    ],
  },
  {
    code: 'north',
    name: 'North',
    nameZh: '华北',
    timeZone: 'Asia/Shanghai',
    cities: [
      { code: 'beijing', name: 'Beijing', nameZh: '北京', lat: 39.9042, lng: 116.4074 },
      { code: 'tianjin', name: 'Tianjin', nameZh: '天津', lat: 39.3434, lng: 117.3616 },
      { code: 'shenyang', name: 'Shenyang', nameZh: '沈阳', lat: 41.8057, lng: 123.4315 },
      { code: 'qingdao', name: 'Qingdao', nameZh: '青岛', lat: 36.0671, lng: 120.3826 },
    ],
  },
  {
    // Xinjiang keeps its own local time (UTC+6), so the West region's reports run two hours later.
    code: 'west',
    name: 'West',
    nameZh: '西部',
    timeZone: 'Asia/Urumqi',
    cities: [
      { code: 'urumqi', name: 'Urumqi', nameZh: '乌鲁木齐', lat: 43.8256, lng: 87.6168 },
      { code: 'kashgar', name: 'Kashgar', nameZh: '喀什', lat: 39.4704, lng: 75.9898 },
      { code: 'korla', name: 'Korla', nameZh: '库尔勒', lat: 41.7259, lng: 86.1746 },
      { code: 'yining', name: 'Yining', nameZh: '伊宁', lat: 43.9169, lng: 81.3242 },
    ],
  },
] as const;

export const CHINESE_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
export const CHINESE_GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '海燕', '建华', '志强', '晓东', '丽华', '文博', '嘉怡', '子涵'];
export const ENGLISH_GIVEN = ['Alice', 'David', 'Grace', 'Kevin', 'Linda', 'Michael', 'Nancy', 'Peter', 'Rachel', 'Tony', 'Vivian', 'William', 'Cindy', 'Eric', 'Helen', 'Jason', 'Sophie', 'Vincent'];
export const ENGLISH_SURNAMES = ['Chen', 'Wong', 'Li', 'Zhang', 'Liu', 'Lam', 'Ng', 'Cheung', 'Ho', 'Tan', 'Lee', 'Yip', 'Chan', 'Lau', 'Tsang'];

export const COMPANY_STEMS_ZH = ['恒达', '华信', '金鼎', '瑞丰', '宏远', '鑫源', '中科', '天成', '永利', '海川', '博雅', '德润', '新锐', '安泰', '佳禾', '明辉', '盛世', '嘉诚', '聚力', '远航'];
export const COMPANY_KINDS_ZH = ['精密机械', '物流', '医疗器械', '食品', '建材', '电子科技', '商贸', '酒店管理', '新能源', '教育科技', '连锁超市', '包装材料'];
export const COMPANY_STEMS_EN = ['Bluewave', 'Summit', 'Harbor', 'Silverline', 'Northstar', 'Evergreen', 'Redwood', 'Brightpath', 'Ironbridge', 'Jade River', 'Golden Gate', 'Pacific Rim', 'Crescent', 'Orchid', 'Lotus'];
export const COMPANY_KINDS_EN = ['Logistics', 'Foods', 'Medical', 'Precision Tools', 'Retail', 'Hotels', 'Energy', 'Electronics', 'Packaging', 'Learning', 'Building Supply', 'Trading'];
export const COMPANY_SUFFIX_EN = ['Co., Ltd.', 'Group', 'Holdings', 'Trading Co.', 'Ltd.'];

export const INDUSTRIES = ['Manufacturing', 'Logistics', 'Healthcare', 'Food & Beverage', 'Construction', 'Electronics', 'Retail', 'Hospitality', 'Energy', 'Education'];

export const CONTACT_TITLES = ['Purchasing Manager', 'General Manager', 'Operations Director', '采购经理', '总经理', '运营总监', 'IT Manager', '财务主管'];

export const SKUS = [
  { sku: 'FW-SENSOR-100', unitPriceCents: 1_280_00 },
  { sku: 'FW-GATEWAY-20', unitPriceCents: 8_900_00 },
  { sku: 'FW-DISPLAY-55', unitPriceCents: 15_600_00 },
  { sku: 'FW-SERVICE-STD', unitPriceCents: 36_000_00 },
  { sku: 'FW-SERVICE-PRO', unitPriceCents: 72_000_00 },
  { sku: 'FW-CONSUMABLE-KIT', unitPriceCents: 420_00 },
];

export const PAYMENT_TERMS = ['Net 30', 'Net 60', '50% upfront, 50% on delivery', '月结30天', '预付30%，验收后付70%'];
export const RENEWAL_TERMS = ['Auto-renews for 12 months unless cancelled 60 days before end', '到期前30天书面确认续约', 'Renewal price locked at +3% for 2 years', '续约需重新报价'];

export const VISIT_SUMMARIES = [
  'Walked the production line with the plant manager; they want a quote for 20 more sensors.',
  'Demoed the new dashboard to the purchasing team. Concern about installation downtime.',
  'Quarterly review: usage up 15%, asked about the Pro service tier.',
  'Met the new IT manager, handed over documentation, agreed on a trial in one warehouse.',
  'Delivered samples; the customer will test them for two weeks.',
  'Price negotiation with finance; they need approval from HQ before month end.',
  '与采购经理沟通了续约条款，客户希望增加两年维保。',
  '现场演示了新版本，客户对报价有疑问，需要下周再跟进。',
  '拜访总经理，确认了试点范围和验收标准。',
  '客户反馈安装进度慢，已协调技术支持本周上门。',
  '送样品并讲解使用方法，客户计划两周内完成测试。',
  '季度回访：设备运行正常，客户询问新产品价格。',
];

export const LEAD_MESSAGES = [
  { text: 'Could you send me a quote for 50 units?', high: true },
  { text: 'We would like a demo next week.', high: true },
  { text: 'Please call me back about your service plans.', high: false },
  { text: 'Interested in a free trial for our two stores.', high: true },
  { text: 'Saw you at the trade fair, keep in touch.', high: false },
  { text: '请问这个产品多少钱？', high: true },
  { text: '我们想申请样品试用。', high: true },
  { text: '麻烦发一份公司介绍。', high: false },
  { text: '需要报价，数量大约100台。', high: true },
  { text: '想了解一下售后服务。', high: false },
];

export const LEAD_CHANNELS = ['form', 'slack', 'feishu', 'dingtalk', 'wecom', 'phone'] as const;
