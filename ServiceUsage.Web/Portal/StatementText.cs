namespace ServiceUsage.Web.Portal;

/// <summary>Simplified Chinese for the statement pages and documents (merged into <see cref="UiText"/>).</summary>
internal static class StatementText
{
    public static readonly Dictionary<string, string> Chinese = new()
    {
        ["Statements"] = "对账单", ["Monthly statement"] = "月度对账单", ["Statement"] = "对账单", ["Number"] = "编号", ["Period"] = "账期",
        ["Tenant"] = "租户", ["Currency"] = "币种", ["Closed"] = "结账时间", ["Charged"] = "计费金额", ["Consumed"] = "消耗金额",
        ["Charged is what was booked in this month: every charge counts whole in the month it begins, a prepaid purchase on its first day."] =
            "计费金额是本月入账的费用：每笔费用全额计入其开始的月份，预付购买计入其第一天。",
        ["Consumed is what was used in this month: prepaid money is spread evenly over the period it pays for, so a prepaid purchase is consumed over several months."] =
            "消耗金额是本月实际使用的金额：预付款平均分摊到其所支付的期间，因此一笔预付购买会在数个月内逐步消耗。",
        ["Version"] = "版本", ["Hours"] = "小时数", ["Unit price"] = "单价", ["Subtotal"] = "小计", ["Lines of this month"] = "本月明细",
        ["No charges were booked in this month."] = "本月没有入账的费用。", ["Adjustments"] = "调整",
        ["Charges of earlier months recorded after those months had closed."] = "在所属月份结账之后才记录的以往月份费用。",
        ["Month"] = "月份", ["Total charged"] = "计费合计", ["Content hash (SHA-256)"] = "内容哈希（SHA-256）", ["Times are in {0}."] = "时间均为 {0} 时区。",
        ["Not final: this month is not closed yet, and its figures may still change."] = "非最终：本月尚未结账，数字仍可能变化。",
        ["not final"] = "非最终", ["Month to date"] = "本月至今", ["Amount"] = "金额", ["Download PDF"] = "下载 PDF", ["Print"] = "打印", ["Close statements now"] = "立即结账",
        ["No statements yet."] = "暂无对账单。", ["Statement not found."] = "未找到该对账单。", ["Back to statements"] = "返回对账单列表",
        ["purchase"] = "购买", ["renewal"] = "续费", ["usage"] = "用量", ["upgrade-credit"] = "升级抵扣", ["upgrade-charge"] = "升级补差", ["refund"] = "退款",
        ["Statements of"] = "对账单：",
        ["The statements job was queued: it closes every month that may close."] = "结账任务已排队：将结清所有可结账的月份。",
    };
}
