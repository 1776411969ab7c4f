"""The court's words for the engine's values: statuses, stages, deadline states, kinds of assets
and measures, event types. One table for every reader (the rejections of the rules, the web
pages, the CLI); the commands' own labels are in their registry (domain/registry.py)."""

ROLE_ZH: dict[str, str] = {
    "officer": "承办人",
    "judge": "法官",
    "bureau_head": "执行局长",
    "vice_president": "副院长",
    "president": "院长",
    "supervisor": "督办人员",
    "integration": "外部系统",
    "system": "系统",
    "supervising_leadership": "督办法院领导",
    "higher_court": "上级法院执行指挥中心",
}

STATUS_ZH: dict[str, str] = {
    "active": "执行中",
    "suspended": "中止",
    "dormant": "终本",
    "transferred": "移送破产审查",
    "closed": "已结案",
}
STAGE_ZH: dict[str, str] = {
    "filing": "立案",
    "service": "送达",
    "investigation": "财产调查",
    "control": "财产控制",
    "disposal": "财产处置",
    "payout": "案款发放",
    "settlement": "执行和解",
    "dormant": "终本",
    "bankruptcy_transfer": "执转破",
    "closed": "已结案",
}
STAGE_ORDER = ("filing", "service", "investigation", "control", "disposal", "payout", "closed")

DEADLINE_STATE_ZH = {"open": "未到期", "met": "已完成", "overdue": "已超期", "waived": "已免除"}
ESCALATION_ZH = {0: "正常", 1: "一级（承办人）", 2: "二级（执行局长）", 3: "三级（上级法院）"}
ASSET_KIND_ZH = {
    "bank_deposit": "银行存款",
    "real_estate": "不动产",
    "vehicle": "车辆",
    "equity": "股权",
    "movable": "动产",
    "other_property_right": "其他财产权",
}
CONTROL_STATE_ZH = {
    "requested": "已申请",
    "effective": "已生效",
    "renewal_requested": "续行申请中",
    "released": "已解除",
    "lapsed": "已失效",
    "queued": "轮候",
}
VALUATION_METHOD_ZH = {
    "negotiation": "当事人议价",
    "directed_inquiry": "定向询价",
    "online_inquiry": "网络询价",
    "appraisal": "委托评估",
}
MEASURE_ZH = {"freeze": "冻结", "seal": "查封", "seize": "扣押"}
DISPOSITION_ZH = {"open": "在案", "released": "已解除", "exhausted": "已处置完毕"}
AUCTION_OUTCOME_ZH = {
    "scheduled": "已公告",
    "sold": "成交",
    "failed": "流拍",
    "buyer_default": "悔拍",
    "cancelled": "撤回",
}
DISHONEST_GROUND_ZH = {  # 失信规定 art. 1
    "able_but_refuses": "（一）有履行能力而拒不履行",
    "obstruction": "（二）以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    "evasion": "（三）以虚假诉讼、虚假仲裁或隐匿、转移财产等方法规避执行",
    "property_report": "（四）违反财产报告制度",
    "consumption_order": "（五）违反限制消费令",
    "settlement": "（六）无正当理由拒不履行执行和解协议",
}
EXCLUSION_KIND_ZH = {  # 审限规定 art. 9 (八)(十一)
    "audit": "审计",
    "asset_clearing": "资产清理",
    "higher_court_stay": "上级法院通知暂缓执行",
}
DELETION_REASON_ZH = {  # 失信规定 art. 10
    "performed": "已履行完毕",
    "settlement_performed": "和解协议已履行完毕",
    "applicant_request": "申请执行人申请删除",
    "no_property_after_termination": "终本后两次查控无财产",
    "suspended": "因审判监督或破产程序中止执行",
    "enforcement_refused": "裁定不予执行",
    "enforcement_terminated": "裁定终结执行",
    "term_expired": "纳入期限届满",
    "case_closed": "结案",
}
LEDGER_KIND_ZH = {
    "receipt": "收款",
    "fee": "费用",
    "payout": "发放",
    "escrow": "提存",
    "escrow_release": "提存解除",
}
PARTY_KIND_ZH = {"person": "自然人", "company": "公司", "organization": "其他组织"}
BASIS_ZH = {
    "judgment": "判决书",
    "mediation": "调解书",
    "arbitral_award": "仲裁裁决",
    "notarized_debt": "公证债权文书",
    "other": "其他",
}

TASK_KIND_ZH = {"service": "送达", "freeze": "控制财产", "investigation": "调查财产"}

EVENT_ZH: dict[str, str] = {
    "case_filed": "立案",
    "deadline_opened": "期限开始",
    "deadline_met": "期限完成",
    "deadline_waived": "期限免除",
    "deadline_warned": "期限预警",
    "deadline_escalated": "超期升级",
    "deadline_rescheduled": "期限调整",
    "notice_issued": "发出执行通知书",
    "document_served": "文书送达",
    "property_reported": "报告财产",
    "measure_imposed": "采取强制措施",
    "asset_search_requested": "发起查控",
    "asset_search_completed": "查控完成",
    "asset_found": "发现财产",
    "property_lead_registered": "登记财产线索",
    "property_lead_checked": "核查财产线索",
    "freeze_requested": "申请控制",
    "freeze_confirmed": "控制生效",
    "renewal_requested": "申请续行",
    "freeze_renewed": "续行生效",
    "asset_released": "解除控制",
    "control_lapsed": "控制失效",
    "funds_deducted": "划拨",
    "case_suspended": "中止执行",
    "case_resumed": "恢复执行",
    "time_limit_extended": "延长执行期限",
    "time_limit_extension_filed": "延长执行期限报高院备案",
    "excluded_period_began": "不计入期限的期间开始",
    "excluded_period_ended": "不计入期限的期间结束",
    "dishonest_listing_deleted": "删除失信信息",
    "procedure_terminated": "终结本次执行程序",
    "enforcement_resumed": "恢复执行（执恢）",
    "case_closed": "结案",
    "valuation_started": "启动定价",
    "valuation_extended": "评估延期",
    "valuation_recorded": "确定参考价",
    "valuation_objected": "对参考价提出异议",
    "auction_scheduled": "发布拍卖",
    "auction_sold": "拍卖成交",
    "auction_failed": "流拍",
    "auction_defaulted": "悔拍",
    "auction_cancelled": "撤回拍卖",
    "sale_started": "启动变卖",
    "sale_ended": "变卖结束",
    "in_kind_accepted": "以物抵债",
    "funds_received": "执行款到账",
    "distribution_approved": "批准分配方案",
    "payout_recorded": "案款发放",
    "settlement_recorded": "执行和解",
    "installment_paid": "分期履行",
    "settlement_ended": "和解结束",
    "time_limit_paused": "期限扣除开始",
    "time_limit_running": "期限恢复计算",
    "bankruptcy_transfer_proposed": "提出执转破",
    "bankruptcy_transfer_approved": "批准执转破",
    "bankruptcy_decided": "破产审查结果",
    "supervision_opened": "立案督办",
    "supervision_report_submitted": "报送督办情况",
    "supervision_urged": "催办",
    "supervision_closed": "结束督办",
    "petition_registered": "登记信访",
    "petition_responded": "答复信访",
    "petition_closed": "办结信访",
    "fast_track_qualified": "列为简易案件",
    "task_entrusted": "事项委托",
    "task_answered": "受托法院答复",
    "case_entrusted": "委托执行",
    "entrustment_docketed": "受托法院立案（销案）",
    "entrustment_reported": "函告委托法院执行情况",
    "respondent_missing": "被执行人下落不明",
    "respondent_sought": "查找被执行人",
    "obstruction_recorded": "妨害执行",
    "obstruction_sanctioned": "对妨害执行采取措施",
    "applicant_heard": "听取申请执行人意见",
    "applicant_signed_off": "申请执行人签字确认终本",
    "termination_panel_reviewed": "合议庭审查终本",
    "termination_approved": "院长批准终本",
    "terminated_case_reviewed": "终本案件评查",
    "bankruptcy_transfer_agreed": "合议庭同意执转破",
    "bankruptcy_materials_received": "受移送法院收到材料",
    "distribution_plan_served": "送达分配方案",
    "distribution_objection_filed": "分配方案异议",
    "counter_opinion_recorded": "反对意见",
    "distribution_suit_filed": "分配方案异议之诉",
    "distribution_escrowed": "提存争议款项",
    "distribution_window_closed": "期间届满（分配方案）",
    "distribution_judged": "异议之诉判决生效",
    "creditor_joined": "参与分配",
    "seal_queued": "轮候查封",
    "prior_seal_released": "首封解除",
    "objection_filed": "收到执行异议",
    "objection_registered": "执行异议立案审查",
    "objection_ruled": "异议裁定",
    "reconsideration_applied": "申请复议",
    "reconsideration_extended": "复议审查期限延长",
    "reconsideration_decided": "复议决定",
    "objection_suit_filed": "提起执行异议之诉",
    "objection_suit_judged": "执行异议之诉判决",
    "objection_window_lapsed": "复议／起诉期限届满",
    "sanction_approved": "院长补办批准拘留",
    "family_notified": "通知被拘留人家属",
    "sanction_review_applied": "申请复议罚款、拘留决定",
    "sanction_reviewed": "上级法院复议决定",
    "in_kind_difference_ordered": "责令承受人补交差价",
    "in_kind_difference_paid": "承受人补交差价",
    "in_kind_defaulted": "承受人逾期未补交差价",
    "in_kind_ruling_served": "送达以物抵债裁定",
    "valuation_objection_forwarded": "异议转交评估机构",
    "writ_issued": "文书生成",
}

# where a distribution plan stands (domain/distribution.py)
DISPUTE_ZH = {
    "uncontested": "无需异议期",
    "unserved": "待送达",
    "objection_window": "异议期",
    "counter_window": "反对意见期",
    "suit_window": "起诉期",
    "in_suit": "异议之诉审理中（争议款提存）",
    "final": "可发放",
}
DISTRIBUTION_OUTCOME_ZH = {
    "unopposed": "无人异议，按原方案",
    "revised": "无人反对，按异议修正",
    "original": "未起诉，按原方案",
    "judged": "按判决分配",
}

# 执行异议 (domain/objections.py)
OBJECTION_KIND_ZH = {"act": "执行行为异议", "third_party": "案外人异议"}
OBJECTION_STATE_ZH = {
    "filed": "待立案",
    "registered": "审查中",
    "ruled": "已裁定",
    "reconsideration": "复议中",
    "suit": "执行异议之诉审理中",
    "closed": "已办结",
}
OBJECTION_OUTCOME_ZH = {"upheld": "异议成立", "rejected": "驳回异议", "not_accepted": "不予受理"}
RECONSIDERATION_OUTCOME_ZH = {"affirmed": "维持", "revoked": "撤销", "modified": "变更"}
SUIT_JUDGMENT_ZH = {"enforce": "准许执行该标的", "no_enforcement": "不得执行该标的"}
VALUATION_GROUND_ZH = {  # 参考价规定 art. 22
    "basic_data": "财产基础信息错误",
    "scope": "超出财产范围或遗漏财产",
    "qualification": "评估机构或人员不具备资质",
    "procedure": "评估程序严重违法",
}
