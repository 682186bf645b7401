namespace ServiceUsage.Web.Portal;

/// <summary>Simplified Chinese for the budget card, the budget page and the budget rules' messages (merged into <see cref="UiText"/>).</summary>
internal static class BudgetText
{
    public static readonly Dictionary<string, string> Chinese = new()
    {
        ["Budget"] = "预算",
        ["Budget and forecast for {0}"] = "{0} 的预算与预测",
        ["Consumed, not charged: prepaid months count day by day. The forecast assumes no order changes and includes scheduled price changes."] =
            "按消耗而非计费计算：预付月份按天计入。预测假定订单不再变动，并计入已排定的价格变更。",
        ["{0} % of your monthly budget was reached on"] = "您已达到月度预算的 {0} %，时间：",
        ["{0} % of the budget consumed"] = "已消耗预算的 {0} %",
        ["of"] = "/",
        ["Consumed so far:"] = "本月已消耗：",
        ["Consumed so far"] = "本月已消耗",
        ["No budget is set."] = "尚未设置预算。",
        ["Set a budget"] = "设置预算",
        ["Forecast for the month:"] = "本月预测：",
        ["Forecast"] = "预测",
        ["Reaches the budget on"] = "预计达到预算的时间：",
        ["The forecast stays within the budget."] = "预测不会超出预算。",
        ["Solid: consumed so far. Dashed: forecast to the month's end."] = "实线：已消耗。虚线：至月底的预测。",
        ["The red line is the budget."] = "红线为预算。",
        ["Scheduled price changes (marked):"] = "已排定的价格变更（图中标出）：",
        ["Consumed so far {0}, forecast for the month {1}"] = "已消耗 {0}，本月预测 {1}",
        ["A monthly budget for what your orders consume (prepaid months count day by day). When spend reaches a threshold, or the month's forecast goes beyond the budget, the overview says so and an event is recorded once per month."] =
            "为订单的消耗设置月度预算（预付月份按天计入）。当消耗达到某个阈值，或本月预测超出预算时，概览页会提示，并且每月只记录一次事件。",
        ["Tenant"] = "租户",
        ["Admins set the budget of any tenant."] = "管理员可以为任何租户设置预算。",
        ["Monthly budget"] = "月度预算",
        ["Thresholds (% of the budget)"] = "阈值（预算的百分比）",
        ["Whole percentages separated by commas, for example 50, 80, 100."] = "用逗号分隔的整数百分比，例如 50, 80, 100。",
        ["Thresholds are whole percentages separated by commas, for example 50, 80, 100."] = "阈值须为用逗号分隔的整数百分比，例如 50, 80, 100。",
        ["Save"] = "保存",
        ["Remove budget"] = "删除预算",
        ["Last set by {0} on"] = "最近由 {0} 设置，时间：",
        ["Enter the monthly budget."] = "请输入月度预算。",
        ["Budget saved."] = "预算已保存。",
        ["Budget removed."] = "预算已删除。",
        ["Tenants near or over budget"] = "接近或超出预算的租户",
        ["This month, consumed; the nearest to their budget first."] = "本月消耗；最接近预算的排在前面。",
        ["Used"] = "已用",
        ["amount must be greater than 0."] = "预算金额必须大于 0。",
        ["amount may have at most 4 decimal places."] = "预算金额最多 4 位小数。",
        ["amount must be less than 1000000000000."] = "预算金额必须小于 1000000000000。",
        ["At most 10 thresholds."] = "最多 10 个阈值。",
        ["Each threshold is a whole percentage from 1 to 1000."] = "每个阈值须为 1 到 1000 的整数百分比。",
        ["Thresholds must be different from each other."] = "阈值不能重复。",
    };
}
