/** Chinese words the pages show for the API's codes. */
import type { ItemStatus, ProfileName } from './api/models';

export const STATUS_LABEL: Record<ItemStatus, string> = { met: '达标', partial: '部分达标', missing: '缺失', not_applicable: '不适用' };

/** Names of the 2021—2025 profiles; a profile another rubric declares shows by its key. */
export const PROFILE_LABEL: Record<string, string> = {
  county_government: '县级以上人民政府',
  department: '政府部门',
  township: '乡镇（街道）',
};

export const GOVERNMENT_LEVEL_LABEL: Record<string, string> = { province: '省级', city: '市级', county: '县级', department: '政府部门', township: '乡镇（街道）' };
export const SOURCE_LABEL: Record<string, string> = { title: '据标题', body: '据正文', field: '据页面字段', default: '未能识别', override: '已指定' };

const PART_LABEL: Record<string, string> = {
  report: '报告要素',
  '1': '一、总体要求',
  '2': '二、政府机构职能',
  '3': '三、依法行政制度',
  '4': '四、行政决策',
  '5': '五、行政执法',
  '6': '六、突发事件应对',
  '7': '七、矛盾纠纷化解',
  '8': '八、权力制约监督',
  '9': '九、科技保障',
  '10': '十、党的领导与推进机制',
};
export const partLabel = (part: string | number): string => PART_LABEL[String(part)] ?? `第${part}部分`;

export const SEVERITY_LABEL: Record<string, string> = { high: '高', medium: '中', low: '低' };

export const ASSESSMENT_STATUS: Record<string, string> = { queued: '排队中', running: '评分中', done: '已完成', failed: '失败', none: '未评分' };
export const BATCH_STATUS: Record<string, string> = { queued: '排队中', running: '评分中', done: '已完成', failed: '失败', analysing: '分析中' };

export const ROLE_LABEL: Record<string, string> = { admin: '管理员', reviewer: '评审（督察）单位', agency: '报告单位' };

export const dateText = (value: string | null | undefined): string => (value ? new Date(value).toLocaleString('zh-CN', { hour12: false }) : '—');
