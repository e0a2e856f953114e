/**
 * Columns shared by several sheets of the source workbook layout (./layout.ts), and the
 * constructors that give every field of one kind the same help text.
 */
import { IndicatorOp } from '../../core/source/schema.ts';
import { type Field, strict } from './spec.ts';

export const unitField: Field = {
  key: 'unit',
  label: '单位编码',
  kind: 'code',
  required: true,
  choice: { ref: 'unit' },
  help: '“单位”表中登记的单位编码',
};
export const fundField: Field = {
  key: 'fund',
  label: '资金来源',
  kind: 'text',
  required: true,
  choice: { ref: 'fund' },
  width: 26,
  help: '资金来源名称或代码，见“代码-资金来源”（也接受其中列出的别名）',
};
export const amountField = (key: string, label: string, help: string, required = true): Field => ({
  key,
  label,
  kind: 'amount',
  required,
  help: `${help}；按“基本信息”中的金额单位填写`,
});
export const intField = (key: string, label: string, help: string): Field => ({
  key,
  label,
  kind: 'int',
  help: `${help}（整数）`,
});
export const numberField = (key: string, label: string, help: string, required = false): Field => ({
  key,
  label,
  kind: 'number',
  required,
  help: `${help}（数字，可有小数）`,
});
export const funcField = (help: string, required: boolean): Field => ({
  key: 'func',
  label: '功能分类编码',
  kind: 'code',
  required,
  help: `${help}，见“代码-功能分类”`,
});
export const funcNameField: Field = {
  key: 'funcName',
  label: '功能分类名称',
  kind: 'text',
  width: 24,
  help: '可选；目录中没有的科目必须填写名称',
};

export const INDICATOR_FIELDS: readonly Field[] = [
  { key: 'level1', label: '一级指标', kind: 'text', required: true, help: '如 产出指标、效益指标、满意度指标' },
  { key: 'level2', label: '二级指标', kind: 'text', required: true, help: '如 数量指标、质量指标、时效指标、成本指标' },
  { key: 'level3', label: '三级指标', kind: 'text', required: true, width: 28, help: '具体指标名称' },
  { key: 'value', label: '指标值', kind: 'text', required: true, blankIsEmpty: true, help: '如 12次、100%、量质齐升' },
  { key: 'content', label: '指标值内容', kind: 'text', width: 24, help: '可选' },
  { key: 'measureUnit', label: '度量单位', kind: 'text', help: '可选，如 次、%、万元' },
  {
    key: 'op',
    label: '指标值类型',
    kind: 'text',
    required: true,
    choice: strict(IndicatorOp.options),
    help: `从下拉列表选择：${IndicatorOp.options.join('、')}`,
  },
  { key: 'note', label: '备注', kind: 'text', help: '可选' },
];

/** The four 三公 amounts of one figure, as columns with a suffix (全年预算数, 年初预算数). */
export const threePublicAmountFields = (prefix: string, suffix: string, what: string): Field[] =>
  (
    [
      ['abroad', '因公出国（境）费', '因公出国（境）费'],
      ['vehiclePurchase', '公务用车购置费', '公务用车购置费'],
      ['vehicleOperation', '公务用车运行维护费', '公务用车运行（维护）费'],
      ['reception', '公务接待费', '公务接待费'],
    ] as const
  ).map(([key, label, item]) =>
    amountField(
      `${prefix}.${key}`,
      `${label}（${suffix}）`,
      `可选，仅决算：${item}的${what}；“（${suffix}）”四列要么都填，要么都空`,
      false,
    ),
  );

/** Indicator columns of a 绩效自评表 (部门整体 and 项目). */
export const SELF_INDICATOR_FIELDS: readonly Field[] = [
  {
    key: 'level1',
    label: '一级指标',
    kind: 'text',
    required: true,
    help: '如 产出指标、效益指标、满意度指标、成本指标',
  },
  { key: 'level2', label: '二级指标', kind: 'text', help: '可选（项目自评表可无二级指标），如 数量指标、质量指标' },
  { key: 'level3', label: '三级指标', kind: 'text', required: true, width: 28, help: '具体指标名称' },
  {
    key: 'target',
    label: '年度指标值',
    kind: 'text',
    required: true,
    blankIsEmpty: true,
    help: '如 1500 份、100%',
  },
  { key: 'actual', label: '实际完成值', kind: 'text', required: true, blankIsEmpty: true, help: '如 1597 份、100%' },
  numberField('weight', '分值', '该指标的分值', true),
  numberField('score', '得分', '可选，自评表印出的得分'),
  { key: 'reason', label: '偏差原因分析及改进措施', kind: 'long', width: 40, help: '可选' },
];

/** Printed totals and notes shared by the two kinds of 绩效自评表 (keys below `prefix`). */
export const selfSheetFields = (prefix: string, goalLabel: string): Field[] => [
  {
    key: `${prefix}goal.expected`,
    label: `${goalLabel}预期目标`,
    kind: 'long',
    help: '可选，年度总体目标的预期目标；与实际完成情况填写其一时，另一项留空视为空白',
  },
  {
    key: `${prefix}goal.actual`,
    label: `${goalLabel}实际完成情况`,
    kind: 'long',
    help: '可选，年度总体目标的实际完成情况；与预期目标填写其一时，另一项留空视为空白',
  },
  numberField(`${prefix}executionWeight`, '预算执行率分值', '可选，预算执行率一行的分值'),
  numberField(`${prefix}executionScore`, '预算执行率得分', '可选，自评表印出的预算执行率得分'),
  numberField(`${prefix}totalWeight`, '总分分值', '可选，自评表总分栏印出的分值'),
  numberField(`${prefix}totalScore`, '总分得分', '可选，自评表总分栏印出的得分'),
  { key: `${prefix}note`, label: '备注', kind: 'text', help: '可选' },
];

export const selfProjectField: Field = {
  key: 'project',
  label: '项目代码',
  kind: 'code',
  required: true,
  width: 24,
  choice: { ref: 'project' },
  help: '“项目”表中的项目代码',
};
